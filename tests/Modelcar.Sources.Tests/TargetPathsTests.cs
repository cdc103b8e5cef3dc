
namespace Modelcar.Sources.Tests;

[TestClass]
public sealed class TargetPathsTests
{
    [TestMethod]
    [DataRow("../x")]
    [DataRow("/abs")]
    [DataRow("/models")]
    [DataRow("a/../b")]
    [DataRow("a/b/..")]
    [DataRow("a\\..\\..\\b")]
    [DataRow("C:\\x")]
    [DataRow("c:/x")]
    [DataRow("\\\\server\\share\\x")]
    [DataRow("")]
    [DataRow("./")]
    [DataRow("/models/")]
    public void EscapingOrEmptyPaths_ThrowPathEscapesModels(string path)
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() => TargetPaths.Normalize(path, "origin.item"));

        Assert.AreEqual(ErrorCodes.PathEscapesModels, e.Code);
        StringAssert.Contains(e.Message, "origin.item");
    }

    [TestMethod]
    [DataRow("./a//b", "a/b")]
    [DataRow("a\\b", "a/b")]
    [DataRow("/models/a", "a")]
    [DataRow("/models/tokenizer/./vocab.json", "tokenizer/vocab.json")]
    [DataRow("config.json", "config.json")]
    [DataRow("a/b/", "a/b")]
    [DataRow("models/a", "models/a")]
    [DataRow("..a/b..", "..a/b..")]
    public void Paths_AreNormalized(string path, string expected) =>
        Assert.AreEqual(expected, TargetPaths.Normalize(path, "origin"));
}
