using System.Text;

namespace Modelcar.Signing.Dsse;

/// <summary>
/// DSSE's pre-authentication encoding: the bytes a DSSE signature is made over, so that the payload type is
/// signed together with the payload ("DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in ASCII decimal).
/// </summary>
public static class DssePae
{
    public static byte[] Encode(string payloadType, ReadOnlySpan<byte> payload)
    {
        byte[] type = Encoding.UTF8.GetBytes(payloadType);
        byte[] header = Encoding.ASCII.GetBytes($"DSSEv1 {type.Length} ");
        byte[] middle = Encoding.ASCII.GetBytes($" {payload.Length} ");
        var pae = new byte[header.Length + type.Length + middle.Length + payload.Length];
        var span = pae.AsSpan();
        header.CopyTo(span);
        type.CopyTo(span[header.Length..]);
        middle.CopyTo(span[(header.Length + type.Length)..]);
        payload.CopyTo(span[(header.Length + type.Length + middle.Length)..]);
        return pae;
    }
}
