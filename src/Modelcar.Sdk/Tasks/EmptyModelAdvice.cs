using System.Xml;
using System.Xml.Linq;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// MODELCAR010 when no item gave a file, told in terms of the project: which folder to fill, from the project file's
/// own <c>ModelFile</c> patterns (<c>model/**</c> means the <c>model</c> folder beside the project), or, with no
/// pattern at all, the item to add. (A plain pattern that matches nothing is MODELCAR017 first; this covers projects
/// with no item, and patterns that are conditional, built from properties, or all taken out by Exclude.)
/// </summary>
internal static class EmptyModelAdvice
{
    public static ModelcarException Create(string? projectFile, string projectDirectory)
    {
        string project = string.IsNullOrEmpty(projectFile) ? "the project" : Path.GetFileName(projectFile);
        IReadOnlyList<string> patterns = ModelFilePatterns(projectFile);
        if (patterns.Count == 0)
        {
            return new ModelcarException(ErrorCodes.NoModelFiles,
                $"The model is empty: {project} has no ModelFile item that gave a file and no ModelSource. KServe refuses a modelcar whose /models is empty. " +
                $"Put the model's files in '{Path.Combine(projectDirectory, "model")}{Path.DirectorySeparatorChar}' and add <ModelFile Include=\"model/**\" /> to {project}, or add a <ModelSource Include=\"hf://owner/model\" />.");
        }
        string folders = string.Join(", ", patterns.Select(p => $"'{FolderToFill(projectDirectory, p)}' (ModelFile '{p}')"));
        return new ModelcarException(ErrorCodes.NoModelFiles,
            $"The model is empty: the ModelFile items of {project} gave no file. KServe refuses a modelcar whose /models is empty. " +
            $"Put the model's files in {folders}, fix the pattern, or add a <ModelSource Include=\"hf://owner/model\" />.");
    }

    /// <summary>The <c>Include</c> patterns of the project file's own <c>ModelFile</c> elements, as written.</summary>
    private static IReadOnlyList<string> ModelFilePatterns(string? projectFile)
    {
        if (string.IsNullOrEmpty(projectFile) || !File.Exists(projectFile)) return [];
        try
        {
            return XDocument.Load(projectFile).Descendants()
                .Where(e => e.Name.LocalName == "ModelFile")
                .SelectMany(e => (e.Attribute("Include")?.Value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }
        catch (XmlException)
        {
            return [];
        }
    }

    /// <summary>The folder a pattern reads: everything before its first wildcard segment, from the project folder.</summary>
    private static string FolderToFill(string projectDirectory, string pattern)
    {
        string[] segments = pattern.Replace('\\', '/').Split('/');
        int wild = Array.FindIndex(segments, s => s.IndexOfAny(['*', '?']) >= 0 || s.Contains("$("));
        string folder = string.Join('/', wild < 0 ? segments[..^1] : segments[..wild]);
        return Path.GetFullPath(Path.Combine(projectDirectory, folder)).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
    }
}
