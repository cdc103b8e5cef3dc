using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modelcar.Signing.Dsse;

namespace Modelcar.Signing.Bundle;

/// <summary>
/// Writes and reads the JSON form of a Sigstore bundle v0.3 (the protobuf JSON mapping of protobuf-specs'
/// dev.sigstore.bundle.v1.Bundle: lowerCamelCase names, bytes in base64, 64-bit integers as strings).
/// </summary>
public static class BundleJson
{
    public static byte[] Serialize(SigstoreBundle bundle)
    {
        var material = new JsonObject();
        if (bundle.Certificate is not null)
        {
            // v0.3 carries the leaf alone ("certificate"); the chain comes from the verifier's trusted root.
            material["certificate"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(bundle.Certificate) };
        }
        else
        {
            material["publicKey"] = new JsonObject { ["hint"] = bundle.PublicKeyHint ?? "" };
        }
        var entries = new JsonArray();
        foreach (var entry in bundle.TlogEntries) entries.Add(WriteEntry(entry));
        material["tlogEntries"] = entries;

        var root = new JsonObject
        {
            ["mediaType"] = BundleMediaTypes.BundleV03,
            ["verificationMaterial"] = material,
        };
        if (bundle.Envelope is { } envelope)
        {
            root["dsseEnvelope"] = new JsonObject
            {
                ["payload"] = Convert.ToBase64String(envelope.Payload),
                ["payloadType"] = envelope.PayloadType,
                ["signatures"] = new JsonArray(new JsonObject { ["sig"] = Convert.ToBase64String(envelope.Signature), ["keyid"] = "" }),
            };
        }
        else
        {
            root["messageSignature"] = new JsonObject
            {
                ["messageDigest"] = new JsonObject
                {
                    ["algorithm"] = "SHA2_256",
                    ["digest"] = Convert.ToBase64String(bundle.MessageDigest ?? []),
                },
                ["signature"] = Convert.ToBase64String(bundle.MessageSignature ?? []),
            };
        }
        return Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }

    private static JsonObject WriteEntry(TransparencyLogEntry entry)
    {
        var node = new JsonObject
        {
            ["logIndex"] = entry.LogIndex.ToString(CultureInfo.InvariantCulture),
            ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(entry.LogId) },
            ["kindVersion"] = new JsonObject { ["kind"] = entry.Kind, ["version"] = entry.KindVersion },
            ["integratedTime"] = entry.IntegratedTime.ToString(CultureInfo.InvariantCulture),
        };
        if (entry.SignedEntryTimestamp is not null)
        {
            node["inclusionPromise"] = new JsonObject { ["signedEntryTimestamp"] = Convert.ToBase64String(entry.SignedEntryTimestamp) };
        }
        if (entry.InclusionProof is { } proof)
        {
            var hashes = new JsonArray();
            foreach (var hash in proof.Hashes) hashes.Add(Convert.ToBase64String(hash));
            node["inclusionProof"] = new JsonObject
            {
                ["logIndex"] = proof.LogIndex.ToString(CultureInfo.InvariantCulture),
                ["rootHash"] = Convert.ToBase64String(proof.RootHash),
                ["treeSize"] = proof.TreeSize.ToString(CultureInfo.InvariantCulture),
                ["hashes"] = hashes,
                ["checkpoint"] = new JsonObject { ["envelope"] = proof.Checkpoint },
            };
        }
        node["canonicalizedBody"] = Convert.ToBase64String(entry.CanonicalizedBody);
        return node;
    }

    /// <summary>Reads a bundle; anything that is not a v0.3 (or v0.2) bundle is a verification failure (MODELCAR097).</summary>
    public static SigstoreBundle Parse(ReadOnlySpan<byte> json, string source)
    {
        try
        {
            var root = JsonNode.Parse(json)?.AsObject() ?? throw new FormatException("empty document");
            string mediaType = root["mediaType"]?.GetValue<string>() ?? "";
            if (!mediaType.StartsWith("application/vnd.dev.sigstore.bundle", StringComparison.Ordinal))
            {
                throw new FormatException($"mediaType '{mediaType}' is not a Sigstore bundle's");
            }
            var material = root["verificationMaterial"]?.AsObject() ?? throw new FormatException("no verificationMaterial");
            byte[]? certificate = Bytes(material["certificate"]?["rawBytes"])
                ?? Bytes(material["x509CertificateChain"]?["certificates"]?[0]?["rawBytes"]);
            string? hint = material["publicKey"]?["hint"]?.GetValue<string>();
            var entries = new List<TransparencyLogEntry>();
            foreach (var entry in material["tlogEntries"]?.AsArray() ?? [])
            {
                if (entry is not null) entries.Add(ReadEntry(entry));
            }

            DsseEnvelope? envelope = null;
            byte[]? digest = null, signature = null;
            if (root["dsseEnvelope"] is JsonObject dsse)
            {
                envelope = new DsseEnvelope(
                    dsse["payloadType"]?.GetValue<string>() ?? "",
                    Bytes(dsse["payload"]) ?? [],
                    Bytes(dsse["signatures"]?[0]?["sig"]) ?? []);
            }
            else if (root["messageSignature"] is JsonObject message)
            {
                digest = Bytes(message["messageDigest"]?["digest"]) ?? [];
                signature = Bytes(message["signature"]) ?? [];
            }
            else
            {
                throw new FormatException("neither a messageSignature nor a dsseEnvelope");
            }
            return new SigstoreBundle
            {
                Certificate = certificate,
                PublicKeyHint = hint,
                TlogEntries = entries,
                MessageDigest = digest,
                MessageSignature = signature,
                Envelope = envelope,
            };
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            throw new ModelcarException(ErrorCodes.SignatureVerificationFailed,
                $"The Sigstore bundle {source} cannot be read: {e.Message}. Publish the image again with signing on.");
        }
    }

    private static TransparencyLogEntry ReadEntry(JsonNode entry)
    {
        InclusionProof? proof = null;
        if (entry["inclusionProof"] is JsonObject p)
        {
            proof = new InclusionProof(
                Long(p["logIndex"]),
                Bytes(p["rootHash"]) ?? [],
                Long(p["treeSize"]),
                (p["hashes"]?.AsArray() ?? []).Select(h => Bytes(h) ?? []).ToList(),
                p["checkpoint"]?["envelope"]?.GetValue<string>() ?? "");
        }
        return new TransparencyLogEntry(
            Long(entry["logIndex"]),
            Bytes(entry["logId"]?["keyId"]) ?? [],
            entry["kindVersion"]?["kind"]?.GetValue<string>() ?? "",
            entry["kindVersion"]?["version"]?.GetValue<string>() ?? "",
            Long(entry["integratedTime"]),
            Bytes(entry["inclusionPromise"]?["signedEntryTimestamp"]),
            proof,
            Bytes(entry["canonicalizedBody"]) ?? []);
    }

    private static byte[]? Bytes(JsonNode? node) => node is null ? null : Convert.FromBase64String(node.GetValue<string>());

    private static long Long(JsonNode? node) => node is null ? 0
        : node.GetValueKind() == JsonValueKind.Number ? node.GetValue<long>()
        : long.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture);
}
