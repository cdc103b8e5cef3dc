using System.Xml;
using System.Xml.Linq;

namespace Modelcar.Sdk.Diagnostics;

/// <summary>One property or item element of a project file, with the line it starts on.</summary>
public sealed record ProjectElement(string Name, bool IsItem, int Line);

/// <summary>
/// The property and item elements written in a project file, read as XML with line numbers, so that an error or a
/// typo warning can point at the line a user wrote rather than at the SDK's targets. Unreadable XML gives nothing:
/// MSBuild has already said what is wrong with it.
/// </summary>
public static class ProjectElements
{
    public static IReadOnlyList<ProjectElement> Read(string? projectFile)
    {
        if (string.IsNullOrEmpty(projectFile) || !File.Exists(projectFile)) return [];
        XDocument document;
        try
        {
            document = XDocument.Load(projectFile, LoadOptions.SetLineInfo);
        }
        catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
        var elements = new List<ProjectElement>();
        foreach (XElement group in document.Descendants().Where(e => e.Name.LocalName is "PropertyGroup" or "ItemGroup"))
        {
            bool isItem = group.Name.LocalName == "ItemGroup";
            foreach (XElement element in group.Elements())
            {
                elements.Add(new ProjectElement(element.Name.LocalName, isItem, ((IXmlLineInfo)element).LineNumber));
            }
        }
        return elements;
    }

    /// <summary>
    /// The line of the last element named <paramref name="name"/> (the assignment MSBuild keeps for a property; for an
    /// item, the last one added), or 0 when the project does not write it (a default, or a -p: on the command line).
    /// </summary>
    public static int LineOf(IReadOnlyList<ProjectElement> elements, string name) =>
        elements.LastOrDefault(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Line ?? 0;
}
