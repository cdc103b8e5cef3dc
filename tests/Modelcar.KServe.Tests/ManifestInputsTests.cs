
namespace Modelcar.KServe.Tests;

[TestClass]
public sealed class ManifestInputsTests
{
    private static void Fails(Action action, string code, string expectedText)
    {
        var error = Assert.ThrowsExactly<ModelcarException>(action);
        Assert.AreEqual(code, error.Code, error.Message);
        Assert.Contains(expectedText, error.Message);
    }

    [TestMethod]
    public void Map_KeepsKeysAndValues_AndAMissingValueIsEmpty()
    {
        var map = ManifestInputs.Map([new("team", "nlp"), new("app.kubernetes.io/part-of", "chat"), new("flag", null)], "KServeLabel");
        Assert.AreEqual("nlp", map["team"]);
        Assert.AreEqual("chat", map["app.kubernetes.io/part-of"]);
        Assert.AreEqual("", map["flag"]);
    }

    [TestMethod]
    public void Map_SameKeySameValue_IsKeptOnce() =>
        Assert.HasCount(1, ManifestInputs.Map([new("team", "nlp"), new("team", "nlp")], "KServeLabel"));

    [TestMethod]
    public void Map_SameKeyDifferentValues_Is068() =>
        Fails(() => ManifestInputs.Map([new("team", "nlp"), new("team", "cv")], "KServeLabel"), ErrorCodes.InvalidKServeItem, "'nlp' and 'cv'");

    [TestMethod]
    public void Env_KeepsItemOrder_AndRefusesConflicts()
    {
        var env = ManifestInputs.Env([new("B", "2"), new("A", "1"), new("B", "2")], "KServeEnv");
        CollectionAssert.AreEqual(new[] { "B", "A" }, env.Select(e => e.Name).ToArray());
        Fails(() => ManifestInputs.Env([new("A", "1"), new("A", "2")], "KServeEnv"), ErrorCodes.InvalidKServeItem, "KServeEnv 'A'");
    }

    [TestMethod]
    public void Resources_SplitRequestsAndLimits()
    {
        var resources = ManifestInputs.Resources(
            [new("cpu", "2", "4"), new("memory", "16Gi", null), new("nvidia.com/gpu", null, "1")], "KServeResource");
        Assert.AreEqual("2", resources.Requests["cpu"]);
        Assert.AreEqual("4", resources.Limits["cpu"]);
        Assert.AreEqual("16Gi", resources.Requests["memory"]);
        Assert.IsFalse(resources.Limits.ContainsKey("memory"));
        Assert.AreEqual("1", resources.Limits["nvidia.com/gpu"]);
        Assert.IsFalse(resources.Requests.ContainsKey("nvidia.com/gpu"));
        Assert.IsTrue(ManifestInputs.Resources([], "KServeResource").IsEmpty);
    }

    [TestMethod]
    public void Resources_WithNeitherRequestNorLimit_Is068() =>
        Fails(() => ManifestInputs.Resources([new("cpu", " ", null)], "KServeResource"), ErrorCodes.InvalidKServeItem, "'cpu' sets neither");

    [TestMethod]
    public void Resources_Twice_Is068() =>
        Fails(() => ManifestInputs.Resources([new("cpu", "1", null), new("cpu", null, "2")], "KServeResource"), ErrorCodes.InvalidKServeItem, "twice");

    [TestMethod]
    public void Replicas_ParsesWholeNumbers_AndRefusesText()
    {
        Assert.AreEqual(3, ManifestInputs.Replicas(" 3 ", "KServeMaxReplicas"));
        Assert.IsNull(ManifestInputs.Replicas("", "KServeMaxReplicas"));
        Fails(() => ManifestInputs.Replicas("two", "KServeMinReplicas"), ErrorCodes.InvalidReplicas, "KServeMinReplicas 'two'");
        Fails(() => ManifestInputs.Replicas("1.5", "KServeMinReplicas"), ErrorCodes.InvalidReplicas, "'1.5'");
    }

    [TestMethod]
    public void ScaleTarget_NotANumber_Is072() =>
        Fails(() => ManifestInputs.ScaleTarget("80%", "KServeScaleTarget"), ErrorCodes.InvalidScaling, "'80%'");

    [TestMethod]
    [DataRow("", ManifestLayout.Single)]
    [DataRow("single", ManifestLayout.Single)]
    [DataRow("Kustomize", ManifestLayout.Kustomize)]
    [DataRow(" kustomize ", ManifestLayout.Kustomize)]
    public void Layout_Parses(string text, ManifestLayout expected) => Assert.AreEqual(expected, ManifestInputs.Layout(text));

    [TestMethod]
    public void Layout_Unknown_Is075() =>
        Fails(() => ManifestInputs.Layout("helm"), ErrorCodes.InvalidManifestLayout, "'helm'");
}
