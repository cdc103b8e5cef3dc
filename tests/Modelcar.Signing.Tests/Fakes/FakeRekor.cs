using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Modelcar.Signing.Tests.Fakes;

/// <summary>
/// A fake Rekor (its v1 REST API, POST /api/v1/log/entries) for hashedrekord and dsse 0.0.1 entries: it checks the
/// signature as Rekor does, stores the canonicalized body as a leaf of an RFC 6962 tree, and answers with a signed
/// entry timestamp and an inclusion proof with a signed checkpoint. A fake because no public Sigstore is reachable here.
/// </summary>
public sealed class FakeRekor(string checkpointName) : IDisposable
{
    private readonly object _gate = new();
    private readonly List<byte[]> _leafHashes = [];

    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] LogId => SHA256.HashData(Key.ExportSubjectPublicKeyInfo());

    public int Entries { get { lock (_gate) return _leafHashes.Count; } }

    public (int Status, JsonNode Body) CreateEntry(JsonNode proposed)
    {
        JsonObject? canonical = proposed["kind"]?.GetValue<string>() switch
        {
            "hashedrekord" => HashedRekord(proposed),
            "dsse" => Dsse(proposed),
            _ => null,
        };
        if (canonical is null) return (400, new JsonObject { ["code"] = 400, ["message"] = "unsupported or invalid entry" });
        byte[] body = Encoding.UTF8.GetBytes(canonical.ToJsonString());
        long integratedTime = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        int index;
        List<byte[]> proof;
        byte[] root;
        int size;
        lock (_gate)
        {
            _leafHashes.Add(MerkleTree.LeafHash(body));
            index = _leafHashes.Count - 1;
            size = _leafHashes.Count;
            proof = MerkleTree.InclusionProof(_leafHashes, index);
            root = MerkleTree.RootHash(_leafHashes);
        }
        string logIdHex = Convert.ToHexStringLower(LogId);
        string setPayload = "{\"body\":\"" + Convert.ToBase64String(body) + "\",\"integratedTime\":" + integratedTime.ToString(CultureInfo.InvariantCulture)
            + ",\"logID\":\"" + logIdHex + "\",\"logIndex\":" + index.ToString(CultureInfo.InvariantCulture) + "}";
        byte[] set = Key.SignData(Encoding.UTF8.GetBytes(setPayload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        var hashes = new JsonArray();
        foreach (var hash in proof) hashes.Add(Convert.ToHexStringLower(hash));
        return (201, new JsonObject
        {
            [Convert.ToHexStringLower(MerkleTree.LeafHash(body))] = new JsonObject
            {
                ["body"] = Convert.ToBase64String(body),
                ["integratedTime"] = integratedTime,
                ["logID"] = logIdHex,
                ["logIndex"] = index,
                ["verification"] = new JsonObject
                {
                    ["signedEntryTimestamp"] = Convert.ToBase64String(set),
                    ["inclusionProof"] = new JsonObject
                    {
                        ["checkpoint"] = Checkpoint(size, root),
                        ["hashes"] = hashes,
                        ["logIndex"] = index,
                        ["rootHash"] = Convert.ToHexStringLower(root),
                        ["treeSize"] = size,
                    },
                },
            },
        });
    }

    /// <summary>A signed note (transparency-dev's checkpoint format): origin, size, root; then "— name base64(keyhint+sig)".</summary>
    private string Checkpoint(int size, byte[] root)
    {
        string note = $"{checkpointName} - 1\n{size}\n{Convert.ToBase64String(root)}\n";
        byte[] signature = Key.SignData(Encoding.UTF8.GetBytes(note), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return note + "\n\u2014 " + checkpointName + " " + Convert.ToBase64String([.. LogId.AsSpan(0, 4), .. signature]) + "\n";
    }

    private static JsonObject? HashedRekord(JsonNode proposed)
    {
        var spec = proposed["spec"]!;
        string hashHex = spec["data"]!["hash"]!["value"]!.GetValue<string>();
        string signature = spec["signature"]!["content"]!.GetValue<string>();
        string publicKey = spec["signature"]!["publicKey"]!["content"]!.GetValue<string>();
        using var key = KeyOf(publicKey);
        if (key is null || !key.VerifyHash(Convert.FromHexString(hashHex), Convert.FromBase64String(signature), DSASignatureFormat.Rfc3279DerSequence)) return null;
        return new JsonObject
        {
            ["apiVersion"] = "0.0.1",
            ["kind"] = "hashedrekord",
            ["spec"] = new JsonObject
            {
                ["data"] = new JsonObject { ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = hashHex } },
                ["signature"] = new JsonObject { ["content"] = signature, ["publicKey"] = new JsonObject { ["content"] = publicKey } },
            },
        };
    }

    private static JsonObject? Dsse(JsonNode proposed)
    {
        var content = proposed["spec"]!["proposedContent"]!;
        string envelopeText = content["envelope"]!.GetValue<string>();
        string verifier = content["verifiers"]![0]!.GetValue<string>();
        var envelope = JsonNode.Parse(envelopeText)!;
        byte[] payload = Convert.FromBase64String(envelope["payload"]!.GetValue<string>());
        string payloadType = envelope["payloadType"]!.GetValue<string>();
        string signature = envelope["signatures"]![0]!["sig"]!.GetValue<string>();
        using var key = KeyOf(verifier);
        byte[] pae = Encoding.UTF8.GetBytes($"DSSEv1 {Encoding.UTF8.GetByteCount(payloadType)} {payloadType} {payload.Length} ").Concat(payload).ToArray();
        if (key is null || !key.VerifyData(pae, Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)) return null;
        return new JsonObject
        {
            ["apiVersion"] = "0.0.1",
            ["kind"] = "dsse",
            ["spec"] = new JsonObject
            {
                ["envelopeHash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(envelopeText))) },
                ["payloadHash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(SHA256.HashData(payload)) },
                ["signatures"] = new JsonArray(new JsonObject { ["signature"] = signature, ["verifier"] = verifier }),
            },
        };
    }

    /// <summary>The key of a base64 PEM certificate or public key, as Rekor's entries carry them.</summary>
    private static ECDsa? KeyOf(string base64Pem)
    {
        string pem = Encoding.UTF8.GetString(Convert.FromBase64String(base64Pem));
        if (pem.Contains("CERTIFICATE", StringComparison.Ordinal))
        {
            using var certificate = X509Certificate2.CreateFromPem(pem);
            return certificate.GetECDsaPublicKey();
        }
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return key;
    }

    public void Dispose() => Key.Dispose();
}
