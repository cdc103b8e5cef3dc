using Modelcar.Sources.HuggingFace;

namespace Modelcar.Sources.Tests;

/// <summary>The cases follow Python's fnmatch and huggingface_hub's filter_repo_objects.</summary>
[TestClass]
public sealed class FnmatchPatternsTests
{
    [TestMethod]
    [DataRow("*.json", "config.json", true)]
    [DataRow("*.json", "tokenizer/vocab.json", true)] // fnmatch's '*' crosses '/'
    [DataRow("*.json", "config.JSON", false)] // case-sensitive on POSIX
    [DataRow("model-?????-of-?????.safetensors", "model-00001-of-00002.safetensors", true)]
    [DataRow("model-?????-of-?????.safetensors", "model-1-of-2.safetensors", false)]
    [DataRow("tokenizer/", "tokenizer/vocab.json", true)] // a trailing '/' means the folder's content
    [DataRow("tokenizer/", "tokenizer.json", false)]
    [DataRow("[ab]*.bin", "a1.bin", true)]
    [DataRow("[!ab]*.bin", "a1.bin", false)]
    [DataRow("[!ab]*.bin", "c1.bin", true)]
    [DataRow("[]]x", "]x", true)]
    [DataRow("[x", "[x", true)] // an unclosed '[' is literal
    [DataRow("a+b.txt", "a+b.txt", true)] // regex characters are literal
    [DataRow("a+b.txt", "aab.txt", false)]
    public void Allow_MatchesLikeFnmatch(string pattern, string path, bool kept)
    {
        Assert.AreEqual(kept, new FnmatchPatterns(pattern, null).Keeps(path));
    }

    [TestMethod]
    public void AllowAndIgnore_Combine_AndListsAreSemicolonSeparated()
    {
        var patterns = new FnmatchPatterns(" *.safetensors ; *.json;;", "original/*;*.md");

        Assert.IsTrue(patterns.Keeps("model.safetensors"));
        Assert.IsTrue(patterns.Keeps("config.json"));
        Assert.IsFalse(patterns.Keeps("original/consolidated.safetensors"));
        Assert.IsFalse(patterns.Keeps("README.md"));
        Assert.IsFalse(patterns.Keeps("model.bin"));
    }

    [TestMethod]
    public void NoPatterns_KeepEverything()
    {
        var patterns = new FnmatchPatterns(null, "  ");

        Assert.IsTrue(patterns.IsEmpty);
        Assert.IsTrue(patterns.Keeps("any/thing"));
    }
}
