using System.Reflection;
using System.Text.RegularExpressions;
using Modelcar.Sdk.Diagnostics;

namespace Modelcar.Sdk.Tests;

/// <summary>
/// Every code in <see cref="ErrorCodes"/> is unique and has its row, with an anchor the help links point at, in
/// docs/errors.md; and no row there documents a code the SDK does not have. A code added without its docs fails here,
/// and so does a <c>MODELCARnnn</c> written out in the sources (a comment, a targets file's Error Code) that is not in
/// the catalogue.
/// </summary>
[TestClass]
public sealed partial class ErrorCatalogueTests
{
    private static readonly string Docs = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "errors.md"));

    private static IReadOnlyList<(string Name, string Code)> Constants() =>
        [.. typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (f.Name, (string)f.GetRawConstantValue()!))];

    [TestMethod]
    public void EveryCode_IsUnique_AndShapedMODELCARnnn()
    {
        var constants = Constants();
        Assert.IsTrue(constants.Count > 50, "the reflection found the constants");
        foreach ((string name, string code) in constants) StringAssert.Matches(code, CodeShape(), $"{name} = {code}");
        string[] duplicates = [.. constants.GroupBy(c => c.Code).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Name))}")];
        Assert.AreEqual(0, duplicates.Length, "codes used twice: " + string.Join("; ", duplicates));
    }

    [TestMethod]
    public void EveryCode_HasARow_WithTheAnchorItsHelpLinkNames()
    {
        var rows = DocumentedRows();
        string[] missing = [.. Constants().Where(c => !rows.ContainsKey(c.Code)).Select(c => $"{c.Code} ({c.Name})")];
        Assert.AreEqual(0, missing.Length, "docs/errors.md has no row for: " + string.Join(", ", missing));

        string[] withoutAnchor = [.. rows.Where(r => !r.Value.Contains($"<a id=\"{r.Key.ToLowerInvariant()}\"></a>", StringComparison.Ordinal)).Select(r => r.Key)];
        Assert.AreEqual(0, withoutAnchor.Length, "rows without <a id=\"modelcarnnn\"></a> for their help link: " + string.Join(", ", withoutAnchor));
    }

    [TestMethod]
    public void EveryRow_DocumentsACodeTheSdkHas_Once()
    {
        var codes = Constants().Select(c => c.Code).ToHashSet();
        var rowCodes = RowLines().Select(l => CodeInRow().Match(l).Groups[1].Value).ToList();
        string[] orphans = [.. rowCodes.Where(c => !codes.Contains(c)).Distinct()];
        Assert.AreEqual(0, orphans.Length, "docs/errors.md documents codes ErrorCodes does not have: " + string.Join(", ", orphans));
        string[] twice = [.. rowCodes.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key)];
        Assert.AreEqual(0, twice.Length, "documented twice: " + string.Join(", ", twice));
    }

    [TestMethod]
    public void EveryCodeWrittenInTheSources_IsInTheCatalogue()
    {
        var codes = Constants().Select(c => c.Code).ToHashSet();
        var written = CodesWrittenIn(Path.Combine(RepositoryRoot.Path, "src"), "*.cs")
            .Concat(CodesWrittenIn(Path.Combine(RepositoryRoot.Path, "sdk"), "*.props"))
            .Concat(CodesWrittenIn(Path.Combine(RepositoryRoot.Path, "sdk"), "*.targets"))
            .ToList();
        Assert.IsTrue(written.Any(w => w.File.EndsWith(".targets", StringComparison.Ordinal)), "the scan reads the targets, where MSBuild reports some codes itself");
        string[] unknown = [.. written.Where(w => !codes.Contains(w.Code)).Select(w => $"{w.Code} in {w.File}").Distinct()];
        Assert.AreEqual(0, unknown.Length, "codes written in the sources that ErrorCodes (and so docs/errors.md) does not have: " + string.Join(", ", unknown));
    }

    [TestMethod]
    public void HelpLinks_PointAtTheRepositoryOfDirectoryBuildProps()
    {
        string props = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Directory.Build.props"));
        string repository = Regex.Match(props, "<RepositoryUrl>(.*?)</RepositoryUrl>").Groups[1].Value;
        Assert.AreEqual(HelpLinks.ErrorsPage, $"{repository}/blob/main/docs/errors.md", "HelpLinks.ErrorsPage follows RepositoryUrl");
        Assert.AreEqual($"{repository}/blob/main/docs/errors.md#modelcar051", HelpLinks.For(ErrorCodes.InvalidPropertyValue));
        Assert.IsNull(HelpLinks.For("MSB4030"));
    }

    /// <summary>Every <c>MODELCARnnn</c> in the files under <paramref name="folder"/>, with the file (relative to the repository) it is in.</summary>
    private static IEnumerable<(string Code, string File)> CodesWrittenIn(string folder, string pattern) =>
        Directory.GetFiles(folder, pattern, SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f))
            .SelectMany(f => CodeAnywhere().Matches(File.ReadAllText(f)).Select(m => (m.Value, Path.GetRelativePath(RepositoryRoot.Path, f))));

    private static bool IsBuildOutput(string file) =>
        file.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");

    /// <summary>The table rows of docs/errors.md whose first cell is a code.</summary>
    private static IEnumerable<string> RowLines() => Docs.Split('\n').Where(l => CodeInRow().IsMatch(l));

    private static Dictionary<string, string> DocumentedRows() =>
        RowLines().GroupBy(l => CodeInRow().Match(l).Groups[1].Value).ToDictionary(g => g.Key, g => g.First());

    [GeneratedRegex(@"^\|\s*(?:<a id=""[^""]*""></a>)?\s*(MODELCAR\d{3})\s*\|")]
    private static partial Regex CodeInRow();

    [GeneratedRegex(@"\bMODELCAR\d{3}\b")]
    private static partial Regex CodeAnywhere();

    [GeneratedRegex(@"^MODELCAR\d{3}$")]
    private static partial Regex CodeShape();
}
