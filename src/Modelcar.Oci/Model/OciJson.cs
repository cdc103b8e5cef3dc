using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Modelcar.Oci.Model;

/// <summary>
/// The one JSON setup for every document this library writes. Output is compact and its property order
/// fixed by the types, so the same image always serializes to the same bytes (and the same digest).
/// </summary>
public static class OciJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // '<', '>' and '+' in media types must stay as they are, not become \u003C escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(ReadOnlySpan<byte> json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new JsonException("the document is null");
        }
        catch (Exception e) when (e is JsonException or ModelcarException or NotSupportedException)
        {
            throw new ModelcarException(ErrorCodes.RegistryProtocolError, $"The {what} is not a valid OCI document: {e.Message}", e);
        }
    }
}
