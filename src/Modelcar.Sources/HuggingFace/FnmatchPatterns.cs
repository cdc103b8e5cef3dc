using System.Text;
using System.Text.RegularExpressions;

namespace Modelcar.Sources.HuggingFace;

/// <summary>
/// <c>AllowPatterns</c>/<c>IgnorePatterns</c> with the semantics huggingface_hub gives them: Python's fnmatch on
/// the whole repo path (<c>*</c> also crosses '/', <c>?</c> one character, <c>[seq]</c>/<c>[!seq]</c> a set,
/// case-sensitive), a pattern ending in '/' matching everything under that folder; a file is kept when it
/// matches some allow pattern (or none are given) and no ignore pattern.
/// </summary>
public sealed class FnmatchPatterns
{
    private readonly IReadOnlyList<Regex> _allow;
    private readonly IReadOnlyList<Regex> _ignore;

    public FnmatchPatterns(string? allow, string? ignore)
    {
        _allow = Parse(allow);
        _ignore = Parse(ignore);
    }

    public bool IsEmpty => _allow.Count == 0 && _ignore.Count == 0;

    public bool Keeps(string path) =>
        (_allow.Count == 0 || _allow.Any(p => p.IsMatch(path))) && !_ignore.Any(p => p.IsMatch(path));

    private static List<Regex> Parse(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.EndsWith('/') ? p + "*" : p)
            .Select(p => new Regex(Translate(p), RegexOptions.CultureInvariant | RegexOptions.Singleline))
            .ToList();

    /// <summary>An fnmatch pattern as an anchored regular expression (what Python's fnmatch.translate does).</summary>
    internal static string Translate(string pattern)
    {
        var regex = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            switch (c)
            {
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '[':
                    int end = ClosingBracket(pattern, i);
                    if (end < 0)
                    {
                        regex.Append(@"\[");
                        break;
                    }
                    string set = pattern[(i + 1)..end];
                    bool negate = set.StartsWith('!');
                    if (negate) set = set[1..];
                    regex.Append('[').Append(negate ? "^" : "").Append(set.Replace(@"\", @"\\").Replace("[", @"\[").Replace("^", @"\^")).Append(']');
                    i = end;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return regex.Append(@"\z").ToString();
    }

    /// <summary>Where a set that opens at <paramref name="open"/> closes; a ']' right after '[' or '[!' is a member.</summary>
    private static int ClosingBracket(string pattern, int open)
    {
        int j = open + 1;
        if (j < pattern.Length && pattern[j] == '!') j++;
        if (j < pattern.Length && pattern[j] == ']') j++;
        while (j < pattern.Length && pattern[j] != ']') j++;
        return j < pattern.Length ? j : -1;
    }
}
