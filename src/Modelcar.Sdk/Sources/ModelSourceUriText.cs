using System.Collections;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Build.Framework;

namespace Modelcar.Sdk.Sources;

/// <summary>
/// Gives back a <c>ModelSource</c> URL with the percent-escapes the user wrote.
/// </summary>
/// <remarks>
/// MSBuild reads <c>%XX</c> in an item's Include as its own escape and hands tasks the unescaped text, so a signed
/// URL's <c>sig=a%2Bb</c> arrives as <c>sig=a+b</c>, which the store reads as a space and rejects. The escaped form
/// does not survive either: an Include with a '?' (every URL with a query) goes through MSBuild's wildcard
/// expansion, which unescapes it and escapes it again its own way. So the text is recovered from where the user
/// wrote it: an attribute or element of the project file, a global property (<c>-p:</c>), or an environment
/// variable (<c>$(VAR)</c>), each of which MSBuild keeps as written. A candidate is taken only when MSBuild's
/// unescaping of it gives exactly the item's value, so it differs from that value in escapes alone.
/// </remarks>
public sealed class ModelSourceUriText
{
    private readonly IReadOnlyList<string> _candidates;

    private ModelSourceUriText(IReadOnlyList<string> candidates) => _candidates = candidates;

    /// <summary>Collects the texts that may hold a URL with escapes; only those with a '%' can differ from the item.</summary>
    public static ModelSourceUriText Collect(string? projectFile, IBuildEngine? engine, IDictionary? environment = null)
    {
        var candidates = new List<string>();
        candidates.AddRange(ProjectTexts(projectFile));
        if (engine is IBuildEngine6 withGlobals) candidates.AddRange(withGlobals.GetGlobalProperties().Values);
        foreach (DictionaryEntry variable in environment ?? Environment.GetEnvironmentVariables())
        {
            if (variable.Value is string value) candidates.Add(value);
        }
        return new ModelSourceUriText(candidates.Select(c => c.Trim()).Where(c => c.Contains('%') && c.Contains("://", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The URL as written, when one of the candidates is it; else the item's (unescaped) value.</summary>
    public string Of(ITaskItem item)
    {
        string value = item.ItemSpec.Trim();
        foreach (string candidate in _candidates)
        {
            if (string.Equals(Unescape(candidate), value, StringComparison.Ordinal)) return candidate;
        }
        return value;
    }

    /// <summary>MSBuild's unescaping: every '%' followed by two hex digits becomes that character.</summary>
    internal static string Unescape(string text)
    {
        if (!text.Contains('%')) return text;
        var result = new System.Text.StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                result.Append((char)Convert.ToInt32(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                result.Append(text[i]);
            }
        }
        return result.ToString();
    }

    /// <summary>Every attribute value and element text of the project file (XML entities already decoded).</summary>
    private static IEnumerable<string> ProjectTexts(string? projectFile)
    {
        if (string.IsNullOrWhiteSpace(projectFile) || !File.Exists(projectFile)) return [];
        try
        {
            XDocument document = XDocument.Load(projectFile);
            return document.Descendants().SelectMany(e => e.Attributes().Select(a => a.Value)
                .Concat(e.HasElements ? [] : [e.Value])).ToList();
        }
        catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException)
        {
            return []; // MSBuild read it a moment ago; if it cannot be read now, the unescaped value is all there is.
        }
    }
}
