using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Build.Framework;
using Modelcar.Oci.Model;
using Modelcar.Oci.Referrers;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Registry.Credentials;
using Modelcar.Oci.Registry.Tls;
using Modelcar.Signing.Bundle;
using Modelcar.Signing.Keys;
using Modelcar.Signing.Verification;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// <c>-t:ModelcarVerify</c>: pulls an image's manifest, finds its Sigstore bundles among its OCI 1.1 referrers and
/// checks them: the manifest signature against a key or a keyless identity and issuer, every attestation's
/// signature and subject, and with <c>VerifyFiles</c> every file of the model layers against the signed
/// model-signing manifest. Each failure is one MODELCAR error (097: signature, 098: content) and a non-zero exit.
/// </summary>
public sealed class VerifyModelcarImage : ModelcarTask
{
    [Required]
    public string Image { get; set; } = "";

    public string ProjectDirectory { get; set; } = "";

    public string? Key { get; set; }

    public string? Identity { get; set; }

    public string? Issuer { get; set; }

    public string? TrustedRoot { get; set; }

    public bool VerifyFiles { get; set; }

    public string? RegistryCaBundle { get; set; }

    [Output]
    public string VerifiedIdentity { get; private set; } = "";

    protected override async Task ExecuteAsync(IModelcarLog log, CancellationToken cancellationToken)
    {
        var policy = Policy();
        var reference = ImageReference.Parse(Image.Trim());
        using var client = new RegistryClient(reference.Registry, new RegistryClientOptions
        {
            Log = log,
            Credentials = CredentialChain.Default(RegistryRole.Pull, log),
            ExtraTrustedRoots = CaBundle.Resolve(RegistryCaBundle),
        });
        string tagOrDigest = reference.Digest?.ToString() ?? reference.Tag ?? "latest";
        var manifest = await client.GetManifestAsync(reference.Repository, tagOrDigest, cancellationToken)
            ?? throw new ModelcarException(ErrorCodes.SignatureVerificationFailed, $"{Image} was not found in its registry. Check ModelcarVerifyImage.");
        // The digest we check signatures against is the one we compute from the bytes we got, never a claimed one.
        byte[] manifestSha256 = SHA256.HashData(manifest.Content);
        var subject = new Descriptor { MediaType = manifest.MediaType, Digest = Digest.FromSha256Hash(manifestSha256), Size = manifest.Content.Length };
        if (reference.Digest is { } pinned && pinned != subject.Digest)
        {
            throw new ModelcarException(ErrorCodes.SignedContentMismatch, $"The registry answered {Image} with a manifest whose digest is {subject.Digest}. Do not trust this registry's answer.");
        }
        string what = $"{reference.Registry}/{reference.Repository}@{subject.Digest}";

        var referrers = await new RegistryReferrers(client, reference.Repository, log).ListReferrersAsync(subject, cancellationToken);
        var bundles = new List<(SigstoreBundle Bundle, Digest Referrer)>();
        foreach (var referrer in referrers.Where(r => r.ArtifactType == BundleMediaTypes.BundleV03))
        {
            var artifact = await client.GetManifestAsync(reference.Repository, referrer.Digest.ToString(), cancellationToken);
            if (artifact is null) continue;
            var layer = OciJson.Deserialize<ImageManifest>(artifact.Content, $"referrer {referrer.Digest}").Layers.FirstOrDefault(l => l.MediaType == BundleMediaTypes.BundleV03);
            if (layer is null) continue;
            byte[] json = await client.GetBlobBytesAsync(reference.Repository, layer.Digest, cancellationToken);
            bundles.Add((BundleJson.Parse(json, $"referrer {referrer.Digest}"), referrer.Digest));
        }

        var signatures = bundles.Where(b => b.Bundle.IsMessageSignature).ToList();
        if (signatures.Count == 0)
        {
            throw new ModelcarException(ErrorCodes.SignatureVerificationFailed,
                $"{what} has no signature: none of its {referrers.Count} referrer(s) is a Sigstore bundle signing its manifest. Publish it with ModelcarSign=true (or a ModelcarSigningKey).");
        }
        var verifier = new BundleVerifier(policy);
        ModelcarException? firstFailure = null;
        foreach (var (bundle, referrer) in signatures)
        {
            try
            {
                var signer = verifier.VerifyDigest(bundle, manifestSha256, what);
                VerifiedIdentity = signer.ToString();
                firstFailure = null;
                break;
            }
            catch (ModelcarException e)
            {
                firstFailure ??= e;
            }
        }
        if (firstFailure is not null) throw firstFailure;
        log.Info($"Verified the signature of {what}: signed by {VerifiedIdentity}");

        IReadOnlyDictionary<string, string>? modelFiles = null;
        foreach (var (bundle, referrer) in bundles.Where(b => !b.Bundle.IsMessageSignature))
        {
            verifier.VerifyEnvelope(bundle, $"attestation {referrer}");
            var statement = StatementChecks.Parse(bundle.Envelope!.Payload, $"attestation {referrer}");
            string predicateType = StatementChecks.PredicateType(statement);
            if (predicateType == StatementChecks.ModelSigningPredicateType)
            {
                modelFiles = StatementChecks.ModelFiles(statement);
            }
            else
            {
                StatementChecks.RequireSubject(statement, subject.Digest.Encoded, $"{predicateType} attestation {referrer}");
            }
            log.Info($"Verified attestation {predicateType} ({referrer})");
        }

        if (VerifyFiles)
        {
            if (modelFiles is null)
            {
                throw new ModelcarException(ErrorCodes.SignatureVerificationFailed,
                    $"{what} has no signed model-signing manifest, so its files cannot be checked. Publish it with signing and attestations on, or drop ModelcarVerifyFiles.");
            }
            var found = await HashModelFilesAsync(client, reference.Repository, manifest, cancellationToken);
            StatementChecks.RequireSameFiles(modelFiles, found);
            log.Info($"Verified {found.Count} file(s) under /models against the signed model-signing manifest");
        }
    }

    private VerificationPolicy Policy()
    {
        bool hasKey = !string.IsNullOrWhiteSpace(Key);
        bool hasIdentity = !string.IsNullOrWhiteSpace(Identity);
        if (!hasKey && !hasIdentity)
        {
            throw new ModelcarException(ErrorCodes.InvalidSigningInput,
                "ModelcarVerify needs what to trust: ModelcarVerifyKey (the signer's public key PEM) or ModelcarVerifyIdentity and ModelcarVerifyIssuer (a keyless signer) with ModelcarVerifyTrustedRoot.");
        }
        return new VerificationPolicy(
            hasKey ? PublicKeys.LoadVerificationKey(Key!.Trim(), ProjectDirectory) : null,
            hasIdentity ? Identity!.Trim() : null,
            string.IsNullOrWhiteSpace(Issuer) ? null : Issuer.Trim(),
            string.IsNullOrWhiteSpace(TrustedRoot) ? null : Modelcar.Signing.Verification.TrustedRoot.Load(Path.GetFullPath(TrustedRoot.Trim(), ProjectDirectory)));
    }

    /// <summary>Re-hashes every regular file under models/ in the image's layers (a later layer's file wins), from the registry's bytes.</summary>
    private static async Task<Dictionary<string, string>> HashModelFilesAsync(RegistryClient client, string repository, ManifestResult manifestResult, CancellationToken cancellationToken)
    {
        var manifest = OciJson.Deserialize<ImageManifest>(manifestResult.Content, "the image manifest");
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var layer in manifest.Layers)
        {
            await using Stream blob = await client.OpenBlobAsync(repository, layer.Digest, cancellationToken);
            Stream tar = layer.MediaType.EndsWith("+gzip", StringComparison.Ordinal) || layer.MediaType.EndsWith(".gzip", StringComparison.Ordinal)
                ? new GZipStream(blob, CompressionMode.Decompress)
                : layer.MediaType.EndsWith("+zstd", StringComparison.Ordinal) ? new ZstdSharp.DecompressionStream(blob) : blob;
            await using var reader = new TarReader(tar);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                string name = entry.Name.TrimStart('.', '/');
                if (!name.StartsWith("models/", StringComparison.Ordinal) || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                string path = name["models/".Length..];
                files[path] = entry.DataStream is null
                    ? Convert.ToHexStringLower(SHA256.HashData([]))
                    : Convert.ToHexStringLower(await SHA256.HashDataAsync(entry.DataStream, cancellationToken));
            }
        }
        return files;
    }
}
