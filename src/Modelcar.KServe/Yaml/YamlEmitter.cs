using System.Globalization;
using System.Text;

namespace Modelcar.KServe.Yaml;

/// <summary>
/// A small block-style YAML emitter for manifests. It exists instead of a serializer so that two things are
/// under our control: byte-for-byte stable output ('\n' line ends, fixed indentation), and quoting. Kubernetes
/// reads manifests with YAML 1.1 rules (sigs.k8s.io/yaml), where <c>1</c>, <c>1.0</c>, <c>true</c>, <c>on</c>,
/// <c>yes</c>, <c>y</c>, <c>~</c> and <c>0x1F</c> are not strings, so a string is written plain only when it is
/// obviously one and double-quoted otherwise — <c>version: "1"</c> stays the string KServe compares.
/// </summary>
internal static class YamlEmitter
{
    private const int Indent = 2;

    // Plain scalars that YAML 1.1 or 1.2 would read as booleans or null.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "true", "false", "on", "off", "null",
    };

    public static string Emit(YamlMap document, string? headerComment = null)
    {
        var output = new StringBuilder();
        if (headerComment is not null)
        {
            foreach (string line in headerComment.Split('\n')) output.Append("# ").Append(line.TrimEnd('\r')).Append('\n');
        }
        WriteMap(output, document, 0);
        return output.ToString();
    }

    private static void WriteMap(StringBuilder output, YamlMap map, int indent)
    {
        foreach (var (key, value) in map.Entries)
        {
            output.Append(' ', indent).Append(Scalar(key)).Append(':');
            WriteValue(output, value, indent);
        }
    }

    // Writes what follows "key:" or "- ": an inline scalar or empty collection, or a nested block on new lines.
    private static void WriteValue(StringBuilder output, object value, int indent)
    {
        switch (value)
        {
            case YamlMap { Entries.Count: 0 }:
                output.Append(" {}\n");
                break;
            case YamlMap map:
                output.Append('\n');
                WriteMap(output, map, indent + Indent);
                break;
            case YamlSeq { Items.Count: 0 }:
                output.Append(" []\n");
                break;
            case YamlSeq seq:
                output.Append('\n');
                WriteSeq(output, seq, indent + Indent);
                break;
            default:
                output.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void WriteSeq(StringBuilder output, YamlSeq seq, int indent)
    {
        foreach (object item in seq.Items)
        {
            output.Append(' ', indent).Append('-');
            if (item is YamlMap { Entries.Count: > 0 } map)
            {
                // "- key: value" with the remaining keys aligned under the first one.
                var (firstKey, firstValue) = map.Entries[0];
                output.Append(' ').Append(Scalar(firstKey)).Append(':');
                WriteValue(output, firstValue, indent + Indent);
                for (int i = 1; i < map.Entries.Count; i++)
                {
                    var (key, value) = map.Entries[i];
                    output.Append(' ', indent + Indent).Append(Scalar(key)).Append(':');
                    WriteValue(output, value, indent + Indent);
                }
            }
            else if (item is YamlSeq { Items.Count: > 0 } inner)
            {
                output.Append('\n');
                WriteSeq(output, inner, indent + Indent);
            }
            else
            {
                WriteValue(output, item, indent);
            }
        }
    }

    internal static string Scalar(object value) => value switch
    {
        string text => IsPlainSafe(text) ? text : DoubleQuoted(text),
        int number => number.ToString(CultureInfo.InvariantCulture),
        long number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        _ => throw new ArgumentException($"Cannot write a {value.GetType().Name} as a YAML scalar.", nameof(value)),
    };

    /// <summary>
    /// Plain only for text that starts with a letter, '_' or '/', continues with <c>[A-Za-z0-9_./=+-]</c> and is no
    /// reserved word. That excludes everything numeric, every indicator character (':', '#', '-', '&amp;', '*', '!', '|',
    /// '&gt;', quotes, '%', '@', '`', brackets), white space and the empty string; a few strings get quotes they
    /// would not strictly need, which costs nothing.
    /// </summary>
    internal static bool IsPlainSafe(string text)
    {
        if (text.Length == 0 || Reserved.Contains(text)) return false;
        if (!(char.IsAsciiLetter(text[0]) || text[0] is '_' or '/')) return false;
        foreach (char c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or '=' or '+' or '-')) return false;
        }
        return true;
    }

    private static string DoubleQuoted(string text)
    {
        var output = new StringBuilder(text.Length + 2).Append('"');
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                case '\0': output.Append("\\0"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        output.Append(c).Append(text[++i]);
                    }
                    else if (c < ' ' || c is '\u007f' || (c >= '\u0080' && c <= '\u009f') || c is '\u2028' or '\u2029' or '\ufeff' || char.IsSurrogate(c))
                    {
                        // Control characters, YAML's extra line breaks and the BOM are escaped so the text survives
                        // any reader; a lone surrogate cannot be encoded in UTF-8 at all, so it is escaped too.
                        output.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        output.Append(c);
                    }
                    break;
            }
        }
        return output.Append('"').ToString();
    }
}
