using System.Text.Json.Nodes;

namespace Modelcar.Signing.Verification;

/// <summary>What a verified in-toto statement must say about the image: its subject, and (model-signing) its files.</summary>
public static class StatementChecks
{
    public const string ModelSigningPredicateType = "https://model_signing/signature/v1.0";

    public static JsonObject Parse(byte[] payload, string what)
    {
        try
        {
            return JsonNode.Parse(payload)!.AsObject();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
        {
            throw new ModelcarException(ErrorCodes.SignatureVerificationFailed, $"The signed statement of {what} is not JSON. Publish the image again with signing on.");
        }
    }

    public static string PredicateType(JsonObject statement) => statement["predicateType"]?.GetValue<string>() ?? "";

    /// <summary>The statement must name the image's manifest digest among its subjects (SLSA provenance and every other image attestation).</summary>
    public static void RequireSubject(JsonObject statement, string manifestSha256, string what)
    {
        var digests = (statement["subject"]?.AsArray() ?? []).Select(s => s?["digest"]?["sha256"]?.GetValue<string>()).ToList();
        if (!digests.Contains(manifestSha256))
        {
            throw new ModelcarException(ErrorCodes.SignedContentMismatch,
                $"The {what} names subject digest(s) {string.Join(", ", digests.Select(d => "sha256:" + d))}, not the image's manifest sha256:{manifestSha256}. It attests another image; do not deploy this one.");
        }
    }

    /// <summary>The model-signing manifest's files: path under /models to sha256 hex.</summary>
    public static IReadOnlyDictionary<string, string> ModelFiles(JsonObject statement) =>
        (statement["predicate"]?["resources"]?.AsArray() ?? [])
            .Where(r => r is not null)
            .ToDictionary(r => r!["name"]!.GetValue<string>(), r => r!["digest"]!.GetValue<string>(), StringComparer.Ordinal);

    /// <summary>Compares re-hashed files with the manifest: every file listed, none changed, none added.</summary>
    public static void RequireSameFiles(IReadOnlyDictionary<string, string> signed, IReadOnlyDictionary<string, string> found)
    {
        foreach (var (path, digest) in signed)
        {
            if (!found.TryGetValue(path, out string? actual))
            {
                throw new ModelcarException(ErrorCodes.SignedContentMismatch, $"The signed model-signing manifest lists /models/{path}, but the image's layers do not hold it. The image was changed after signing; do not deploy it.");
            }
            if (actual != digest)
            {
                throw new ModelcarException(ErrorCodes.SignedContentMismatch, $"/models/{path} in the image has sha256:{actual}, but the signed model-signing manifest says sha256:{digest}. The file was changed after signing; do not deploy this image.");
            }
        }
        foreach (string path in found.Keys.Where(p => !signed.ContainsKey(p)))
        {
            throw new ModelcarException(ErrorCodes.SignedContentMismatch, $"/models/{path} is in the image but not in the signed model-signing manifest. A file was added after signing; do not deploy this image.");
        }
    }
}
