using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// MSBuild silently drops a wildcard <c>Include</c> that matches no file, so a typo such as <c>modle/**</c> would
/// publish a model without those files. The evaluated items do not say which pattern made them, so this reads the
/// project file's own <c>ModelFile</c> elements and reports a wildcard pattern that none of the evaluated items match.
/// It checks only what it can read without evaluating: patterns in the project file itself, with no
/// <c>Condition</c> on the item or its group and no <c>$(...)</c> in them. A pattern whose files were all removed by
/// <c>Exclude</c> or <c>Remove</c> also matches nothing, and is reported too.
/// </summary>
internal static class UnmatchedModelFilePatterns
{
    public static void Check(string? projectFile, string projectDirectory, IEnumerable<string> evaluatedFullPaths)
    {
        if (string.IsNullOrEmpty(projectFile) || !File.Exists(projectFile)) return;
        XDocument document;
        try
        {
            document = XDocument.Load(projectFile);
        }
        catch (XmlException)
        {
            return;
        }
        string[] paths = evaluatedFullPaths.Select(p => p.Replace('\\', '/')).ToArray();
        foreach (XElement item in document.Descendants().Where(e => e.Name.LocalName == "ModelFile"))
        {
            if (item.Attribute("Include")?.Value is not { } include || item.Attribute("Condition") is not null || item.Parent?.Attribute("Condition") is not null)
            {
                continue;
            }
            foreach (string pattern in include.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (pattern.IndexOfAny(['*', '?']) < 0 || pattern.Contains("$(") || pattern.Contains("@(") || pattern.Contains("%(")) continue;
                Regex glob = ToRegex(Path.GetFullPath(Path.Combine(projectDirectory, pattern.Replace('\\', '/'))).Replace('\\', '/'));
                if (!paths.Any(glob.IsMatch))
                {
                    throw new ModelcarException(ErrorCodes.PatternMatchedNothing,
                        $"The ModelFile pattern '{pattern}' in {Path.GetFileName(projectFile)} matches no file (the pattern is relative to '{projectDirectory}'; files removed by Exclude or Remove do not count). Fix the pattern, make sure the files exist on this machine (for example 'git lfs pull'), or remove the item.");
                }
            }
        }
    }

    /// <summary>MSBuild's wildcards: <c>**</c> any folders, <c>*</c> any characters within a name, <c>?</c> one.</summary>
    private static Regex ToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        for (int i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                bool folder = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(folder ? "(?:.*/)?" : ".*");
                i += folder ? 2 : 1;
            }
            else if (glob[i] == '*') regex.Append("[^/]*");
            else if (glob[i] == '?') regex.Append("[^/]");
            else regex.Append(Regex.Escape(glob[i].ToString()));
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | (OperatingSystem.IsWindows() ? RegexOptions.IgnoreCase : RegexOptions.None));
    }
}
