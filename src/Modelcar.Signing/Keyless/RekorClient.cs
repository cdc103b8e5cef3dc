using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Modelcar.Signing.Bundle;
using Modelcar.Signing.Dsse;

namespace Modelcar.Signing.Keyless;

/// <summary>
/// Rekor's v1 REST API: <c>POST /api/v1/log/entries</c> logs a signature and answers with the entry, its signed
/// entry timestamp (the inclusion promise) and an inclusion proof with the log's signed checkpoint: what a bundle
/// needs so a verifier can check the signature was made while the short-lived certificate was valid.
/// </summary>
public sealed class RekorClient(HttpClient http, Uri baseUrl)
{
    public const string DefaultUrl = "https://rekor.sigstore.dev";

    /// <summary>A hashedrekord entry: the signature over a SHA-256 digest, with the signing certificate.</summary>
    public Task<TransparencyLogEntry> LogHashedRekordAsync(byte[] sha256, byte[] signature, string certificatePem, CancellationToken cancellationToken)
    {
        var entry = new JsonObject
        {
            ["apiVersion"] = "0.0.1",
            ["kind"] = "hashedrekord",
            ["spec"] = new JsonObject
            {
                ["data"] = new JsonObject { ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(sha256) } },
                ["signature"] = new JsonObject
                {
                    ["content"] = Convert.ToBase64String(signature),
                    ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificatePem)) },
                },
            },
        };
        return PostAsync(entry, cancellationToken);
    }

    /// <summary>A dsse entry: the whole envelope with the certificate that verifies it.</summary>
    public Task<TransparencyLogEntry> LogDsseAsync(DsseEnvelope envelope, string certificatePem, CancellationToken cancellationToken)
    {
        var envelopeJson = new JsonObject
        {
            ["payloadType"] = envelope.PayloadType,
            ["payload"] = Convert.ToBase64String(envelope.Payload),
            ["signatures"] = new JsonArray(new JsonObject { ["keyid"] = "", ["sig"] = Convert.ToBase64String(envelope.Signature) }),
        };
        var entry = new JsonObject
        {
            ["apiVersion"] = "0.0.1",
            ["kind"] = "dsse",
            ["spec"] = new JsonObject
            {
                ["proposedContent"] = new JsonObject
                {
                    ["envelope"] = envelopeJson.ToJsonString(),
                    ["verifiers"] = new JsonArray(Convert.ToBase64String(Encoding.UTF8.GetBytes(certificatePem))),
                },
            },
        };
        return PostAsync(entry, cancellationToken);
    }

    private async Task<TransparencyLogEntry> PostAsync(JsonObject proposedEntry, CancellationToken cancellationToken)
    {
        var url = new Uri(baseUrl, "api/v1/log/entries");
        var answer = await SigstoreHttp.PostJsonAsync(http, url, proposedEntry, "Rekor", null, cancellationToken);
        try
        {
            // The answer is { "<entry uuid>": { body, integratedTime, logID, logIndex, verification } }.
            var logged = answer.AsObject().Single().Value!.AsObject();
            byte[] body = Convert.FromBase64String(logged["body"]!.GetValue<string>());
            var kind = JsonNode.Parse(body)!;
            var verification = logged["verification"];
            InclusionProof? proof = null;
            if (verification?["inclusionProof"] is JsonObject p)
            {
                proof = new InclusionProof(
                    p["logIndex"]!.GetValue<long>(),
                    Convert.FromHexString(p["rootHash"]!.GetValue<string>()),
                    p["treeSize"]!.GetValue<long>(),
                    (p["hashes"]?.AsArray() ?? []).Select(h => Convert.FromHexString(h!.GetValue<string>())).ToList(),
                    p["checkpoint"]!.GetValue<string>());
            }
            string? set = verification?["signedEntryTimestamp"]?.GetValue<string>();
            return new TransparencyLogEntry(
                logged["logIndex"]!.GetValue<long>(),
                Convert.FromHexString(logged["logID"]!.GetValue<string>()),
                kind["kind"]!.GetValue<string>(),
                kind["apiVersion"]!.GetValue<string>(),
                logged["integratedTime"]!.GetValue<long>(),
                set is null ? null : Convert.FromBase64String(set),
                proof,
                body);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException or System.Text.Json.JsonException)
        {
            throw new ModelcarException(ErrorCodes.KeylessSigningFailed,
                $"Rekor at {url} answered with an entry that cannot be read ({e.GetType().Name}). Check that ModelcarRekorUrl names a Rekor v1 server.");
        }
    }

    /// <summary>The payload Rekor's signed entry timestamp signs: canonical JSON (keys sorted) of the entry's facts.</summary>
    public static byte[] SignedEntryTimestampPayload(TransparencyLogEntry entry) => Encoding.UTF8.GetBytes(
        "{\"body\":\"" + Convert.ToBase64String(entry.CanonicalizedBody) +
        "\",\"integratedTime\":" + entry.IntegratedTime.ToString(CultureInfo.InvariantCulture) +
        ",\"logID\":\"" + Convert.ToHexStringLower(entry.LogId) +
        "\",\"logIndex\":" + entry.LogIndex.ToString(CultureInfo.InvariantCulture) + "}");

    /// <summary>A log's ID: the SHA-256 of its public key's SubjectPublicKeyInfo.</summary>
    public static byte[] LogIdOf(ECDsa logKey) => SHA256.HashData(logKey.ExportSubjectPublicKeyInfo());
}
