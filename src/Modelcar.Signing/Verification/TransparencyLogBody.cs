using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Modelcar.Signing.Bundle;

namespace Modelcar.Signing.Verification;

/// <summary>Checks that a Rekor entry's canonicalized body logs the very signature (and digest) the bundle holds.</summary>
internal static class TransparencyLogBody
{
    public static bool Matches(TransparencyLogEntry entry, SigstoreBundle bundle, byte[]? signedDigest)
    {
        try
        {
            var body = JsonNode.Parse(entry.CanonicalizedBody)!;
            var spec = body["spec"]!;
            switch (body["kind"]?.GetValue<string>())
            {
                case "hashedrekord":
                    byte[] signature = Convert.FromBase64String(spec["signature"]!["content"]!.GetValue<string>());
                    string hash = spec["data"]!["hash"]!["value"]!.GetValue<string>();
                    return signature.AsSpan().SequenceEqual(bundle.Signature)
                        && bundle.MessageDigest is not null
                        && hash == Convert.ToHexStringLower(signedDigest ?? bundle.MessageDigest);
                case "dsse":
                    var signatures = spec["signatures"]!.AsArray();
                    if (signatures.Count != 1 || bundle.Envelope is null) return false;
                    byte[] dsseSignature = Convert.FromBase64String(signatures[0]!["signature"]!.GetValue<string>());
                    string payloadHash = spec["payloadHash"]!["value"]!.GetValue<string>();
                    return dsseSignature.AsSpan().SequenceEqual(bundle.Envelope.Signature)
                        && payloadHash == Convert.ToHexStringLower(SHA256.HashData(bundle.Envelope.Payload));
                default:
                    return false;
            }
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
        {
            return false;
        }
    }
}
