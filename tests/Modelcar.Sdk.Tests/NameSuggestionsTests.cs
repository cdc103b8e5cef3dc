using Modelcar.Sdk.Properties;

namespace Modelcar.Sdk.Tests;

[TestClass]
public sealed class NameSuggestionsTests
{
    [TestMethod]
    [DataRow("ContainerRegistery", "ContainerRegistry")]
    [DataRow("KServeModleFormat", "KServeModelFormat")]
    [DataRow("KserveMinReplica", "KServeMinReplicas")]
    [DataRow("ModelcarUseDigestcahce", "ModelcarUseDigestCache")]
    [DataRow("ContainerImageTga", "ContainerImageTag")]
    public void Nearest_FindsTheSdksPropertyATypoAway(string typo, string expected) =>
        Assert.AreEqual(expected, NameSuggestions.Nearest(typo, KnownNames.Properties));

    [TestMethod]
    public void Nearest_FindsItemTypes() =>
        Assert.AreEqual("ModelFile", NameSuggestions.Nearest("ModelFiles", KnownNames.Items));

    [TestMethod]
    [DataRow("ContainerRegistry")]
    [DataRow("containerregistry")]
    [DataRow("MyOwnSetting")]
    [DataRow("TargetFramework")]
    [DataRow("ContainerRegistryMirror")]
    public void Nearest_IsNullForTheNameItself_OrANameOfTheUsersOwn(string name) =>
        Assert.IsNull(NameSuggestions.Nearest(name, KnownNames.Properties));

    [TestMethod]
    public void Distance_CountsASwapOfNeighboursAsOneEdit()
    {
        Assert.AreEqual(1, NameSuggestions.Distance("modle", "model"));
        Assert.AreEqual(1, NameSuggestions.Distance("registery", "registry"));
        Assert.AreEqual(0, NameSuggestions.Distance("a", "a"));
        Assert.AreEqual(3, NameSuggestions.Distance("", "abc"));
    }

    [TestMethod]
    public void ReadFromTargets_KnowsWhatTheSdksTargetsRead_ButNotItsPrivateNames()
    {
        (var properties, var items) = KnownNames.ReadFromTargets(Path.Combine(RepositoryRoot.Path, "sdk"));
        Assert.IsTrue(properties.Contains("KServeModelFormat"));
        Assert.IsTrue(properties.Contains("ModelcarParallelism"));
        Assert.IsTrue(items.Contains("KServeLabel"));
        Assert.IsFalse(properties.Any(p => p.StartsWith('_')));
    }

    [TestMethod]
    public void TheListOfOwnNames_CoversEveryOwnPropertyTheTargetsRead()
    {
        // A property added to the targets without a place in KnownNames would still not be reported as unknown (the
        // targets are read at build time), but errors naming it could not find its line: keep the list complete.
        (var properties, var items) = KnownNames.ReadFromTargets(Path.Combine(RepositoryRoot.Path, "sdk"));
        string[] own = [.. properties.Where(KnownNames.IsOwn).Where(p => !Outputs.Contains(p))];
        CollectionAssert.IsSubsetOf(own, KnownNames.Properties.ToArray(), "add these to KnownNames.Properties: " + string.Join(", ", own.Except(KnownNames.Properties)));
        CollectionAssert.IsSubsetOf(items.Where(KnownNames.IsOwn).Where(i => !Outputs.Contains(i)).ToArray(), KnownNames.Items.ToArray());
    }

    /// <summary>What the targets produce rather than read from the project.</summary>
    private static readonly HashSet<string> Outputs = new(StringComparer.OrdinalIgnoreCase)
    {
        "ModelcarImageReference", "ModelcarImageDigest", "ModelcarArchivePath", "ModelcarImageSize", "KServeManifestFile", "ModelcarPublishedFile",
    };
}
