using Modelcar.Sdk.Properties;

namespace Modelcar.Sdk.Tests;

[TestClass]
public sealed class PropertyValueTests
{
    [TestMethod]
    [DataRow("true", true)]
    [DataRow("True", true)]
    [DataRow(" TRUE ", true)]
    [DataRow("false", false)]
    [DataRow("False", false)]
    public void Bool_ReadsTrueAndFalseInAnyCase(string text, bool expected) =>
        Assert.AreEqual(expected, PropertyValue.Bool(text, "ModelcarStreamSources"));

    [TestMethod]
    public void Bool_EmptyGivesTheDefault()
    {
        Assert.IsTrue(PropertyValue.Bool("", "ModelcarUseDigestCache", defaultValue: true));
        Assert.IsFalse(PropertyValue.Bool(null, "ModelcarStreamSources"));
        Assert.IsTrue(PropertyValue.Bool("   ", "GenerateKServeManifest", defaultValue: true));
    }

    [TestMethod]
    [DataRow("maybe")]
    [DataRow("yes")]
    [DataRow("no")]
    [DataRow("1")]
    [DataRow("on")]
    public void Bool_AnythingElse_IsMODELCAR051_NamingThePropertyValueAndTheAcceptedValues(string text)
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() => PropertyValue.Bool(text, "ModelcarStreamSources"));
        Assert.AreEqual(ErrorCodes.InvalidPropertyValue, e.Code);
        Assert.AreEqual("ModelcarStreamSources", e.Property);
        StringAssert.StartsWith(e.Message, $"ModelcarStreamSources is '{text}'");
        StringAssert.Contains(e.Message, "'true' or 'false'");
    }

    [TestMethod]
    public void Int_ReadsANumberInItsRange_AndEmptyGivesTheDefault()
    {
        Assert.AreEqual(8, PropertyValue.Int(" 8 ", "ModelcarParallelism", 0, 256, 0));
        Assert.AreEqual(0, PropertyValue.Int("0", "ModelcarParallelism", 0, 256, 3));
        Assert.AreEqual(256, PropertyValue.Int("256", "ModelcarParallelism", 0, 256, 0));
        Assert.AreEqual(3, PropertyValue.Int("", "ModelcarParallelism", 0, 256, 3));
    }

    [TestMethod]
    [DataRow("four")]
    [DataRow("-1")]
    [DataRow("257")]
    [DataRow("2.5")]
    [DataRow("99999999999")]
    public void Int_NotANumberOrOutOfRange_NamesTheRange(string text)
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() => PropertyValue.Int(text, "ModelcarParallelism", 0, 256, 0, "0 sizes it to the machine"));
        Assert.AreEqual(ErrorCodes.InvalidPropertyValue, e.Code);
        StringAssert.StartsWith(e.Message, $"ModelcarParallelism is '{text}'");
        StringAssert.Contains(e.Message, "a whole number from 0 to 256 (0 sizes it to the machine)");
    }

    [TestMethod]
    public void OneOf_ReturnsTheListsSpelling_AndRefusesTheRest()
    {
        string[] layouts = ["Single", "Kustomize"];
        Assert.AreEqual("Kustomize", PropertyValue.OneOf("kustomize", "KServeManifestLayout", layouts, "Single"));
        Assert.AreEqual("Single", PropertyValue.OneOf("", "KServeManifestLayout", layouts, "Single"));

        var e = Assert.ThrowsExactly<ModelcarException>(() => PropertyValue.OneOf("helm", "KServeManifestLayout", layouts, "Single"));
        StringAssert.Contains(e.Message, "KServeManifestLayout is 'helm'");
        StringAssert.Contains(e.Message, "'Single' or 'Kustomize'");
    }

    [TestMethod]
    public void Named_PutsThePropertyInFrontOfAnOlderMessage_AndKeepsItsCode()
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() =>
            PropertyValue.Named<int>("ContainerRuntimeIdentifiers", () => throw new ModelcarException(ErrorCodes.InvalidPlatform, "'banana' is not a platform.")));
        Assert.AreEqual(ErrorCodes.InvalidPlatform, e.Code);
        Assert.AreEqual("ContainerRuntimeIdentifiers", e.Property);
        Assert.AreEqual("ContainerRuntimeIdentifiers: 'banana' is not a platform.", e.Message);

        var named = Assert.ThrowsExactly<ModelcarException>(() =>
            PropertyValue.Named<int>("KServeStorageMode", () => throw new ModelcarException(ErrorCodes.InvalidStorageMode, "KServeStorageMode 'x' is not a storage mode.")));
        Assert.AreEqual("KServeStorageMode 'x' is not a storage mode.", named.Message, "a message that names the property is kept as it is");
    }

    [TestMethod]
    public void Listed_JoinsWithCommasAndOr()
    {
        Assert.AreEqual("'a'", PropertyValue.Listed(["a"]));
        Assert.AreEqual("'a' or 'b'", PropertyValue.Listed(["a", "b"]));
        Assert.AreEqual("'a', 'b' or 'c'", PropertyValue.Listed(["a", "b", "c"]));
    }

    [TestMethod]
    public void UploadParallelism_ZeroMeansTheMachine_AndTheCapIsEnforced()
    {
        Assert.AreEqual(0, ProjectSettings.UploadParallelism(null));
        Assert.AreEqual(16, ProjectSettings.UploadParallelism("16"));
        Assert.ThrowsExactly<ModelcarException>(() => ProjectSettings.UploadParallelism("4000"));
    }
}
