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
    public void EveryNameInTheList_IsOneTheSdksTargetsRead()
    {
        // No stale names: a property renamed or dropped in the targets must leave the list too. (A property added to the
        // targets but not to the list is still known to the typo check, which reads the targets at build time.)
        (var properties, var items) = KnownNames.ReadFromTargets(Path.Combine(RepositoryRoot.Path, "sdk"));
        string[] stale = [.. KnownNames.Properties.Where(p => !properties.Contains(p)), .. KnownNames.Items.Where(i => !items.Contains(i))];
        Assert.AreEqual(0, stale.Length, "in KnownNames but read by no .props/.targets: " + string.Join(", ", stale));
    }
}
