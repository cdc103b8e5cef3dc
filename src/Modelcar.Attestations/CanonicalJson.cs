using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Modelcar.Attestations;

/// <summary>
/// Canonical JSON for statements that get signed: object keys sorted by code point, no whitespace, minimal
/// string escapes (the RFC 8785 shape for the strings, integers and booleans statements hold). The same
/// statement always gives the same bytes, so a signature over them is reproducible.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Serialize(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) Write(writer, node);
        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, Utf16CodeUnitOrder.Instance))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (JsonNode? item in array) Write(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValue value when value.TryGetValue(out double d) && (d % 1 != 0 || double.IsInfinity(d)):
                throw new ArgumentException("Canonical statements hold integers only.", nameof(node));
            default:
                node.WriteTo(writer);
                break;
        }
    }

    /// <summary>RFC 8785 sorts keys by their UTF-16 code units, which is what ordinal string comparison does.</summary>
    private sealed class Utf16CodeUnitOrder : IComparer<string>
    {
        public static readonly Utf16CodeUnitOrder Instance = new();
        public int Compare(string? x, string? y) => string.CompareOrdinal(x, y);
    }

    /// <summary>For messages and tests.</summary>
    public static string ToText(byte[] json) => Encoding.UTF8.GetString(json);
}
