using System.Security.Cryptography;
using System.Text;
using Modelcar.Signing.Bundle;
using Modelcar.Signing.Dsse;
using Modelcar.Signing.Keyless;
using Modelcar.Signing.Keys;
using Modelcar.Signing.Tests.Fakes;
using Modelcar.Signing.Verification;

namespace Modelcar.Signing.Tests;

/// <summary>
/// Bundles written by Modelcar.Signing are checked by sigstore-js (the independent verifier): keyed ones with the
/// public key, keyless ones (fake Fulcio and Rekor, see <see cref="FakeSigstoreServer"/>) with a trusted root built
/// from the fakes' keys. Each tampering case must fail there too.
/// </summary>
[TestClass]
public sealed class SigningInteropTests
{
    private static readonly byte[] Manifest = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}");
    private const string Statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"img\",\"digest\":{\"sha256\":\"00\"}}],\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{}}";

    private string _dir = "";

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("modelcar-sign-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private (KeyedBundleSigner Signer, string PublicPem) KeyedSigner()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string keyPath = Write("cosign.key", Encoding.UTF8.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        string publicPem = Write("cosign.pub", Encoding.UTF8.GetBytes(PublicKeys.ToPem(key)));
        return (new KeyedBundleSigner(SigningKeyLoader.Load(keyPath, null, _dir)), publicPem);
    }

    private static async Task<KeylessBundleSigner> GitHubActionsSignerAsync()
    {
        var server = FakeSigstore.Server;
        var environment = new Dictionary<string, string>
        {
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = server.ActionsRequestUrl,
            ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = FakeSigstoreServer.ActionsRequestToken,
        };
        using var http = new HttpClient();
        var token = await new OidcTokenSource(http, v => environment.GetValueOrDefault(v)).GetTokenAsync(null, default);
        var client = new HttpClient();
        return await KeylessBundleSigner.CreateAsync(token, new FulcioClient(client, new Uri(server.BaseUrl)), new RekorClient(client, new Uri(server.BaseUrl)), default);
    }

    [TestMethod]
    public async Task KeyedManifestSignatureVerifiesWithSigstoreJsAndFailsForAnotherManifestOrKey()
    {
        var (signer, publicPem) = KeyedSigner();
        using var signerScope = signer;
        var bundle = await signer.SignDigestAsync(SHA256.HashData(Manifest), default);
        string bundlePath = Write("image.sigstore.json", BundleJson.Serialize(bundle));
        string manifestPath = Write("manifest.json", Manifest);

        var (ok, result) = SigstoreJs.Verify("--bundle", bundlePath, "--artifact", manifestPath, "--key", publicPem);
        Assert.IsTrue(ok, result.ToJsonString());

        byte[] changed = (byte[])Manifest.Clone();
        changed[^3] ^= 1;
        (ok, result) = SigstoreJs.Verify("--bundle", bundlePath, "--artifact", Write("changed.json", changed), "--key", publicPem);
        Assert.IsFalse(ok, "a changed manifest must not verify");

        var (other, otherPem) = KeyedSigner();
        other.Dispose();
        (ok, result) = SigstoreJs.Verify("--bundle", bundlePath, "--artifact", manifestPath, "--key", otherPem);
        Assert.IsFalse(ok, "another key must not verify");
    }

    [TestMethod]
    public async Task KeyedAttestationIsADsseEnvelopeSigstoreJsVerifies()
    {
        var (signer, publicPem) = KeyedSigner();
        using var signerScope = signer;
        var bundle = await signer.SignEnvelopeAsync(DsseEnvelope.InTotoPayloadType, Encoding.UTF8.GetBytes(Statement), default);
        string bundlePath = Write("provenance.sigstore.json", BundleJson.Serialize(bundle));
        var (ok, result) = SigstoreJs.Verify("--bundle", bundlePath, "--key", publicPem);
        Assert.IsTrue(ok, result.ToJsonString());

        // The statement changed after signing: the envelope no longer verifies.
        var tampered = bundle with { Envelope = bundle.Envelope! with { Payload = Encoding.UTF8.GetBytes(Statement.Replace("\"00\"", "\"01\"")) } };
        (ok, _) = SigstoreJs.Verify("--bundle", Write("tampered.sigstore.json", BundleJson.Serialize(tampered)), "--key", publicPem);
        Assert.IsFalse(ok);
    }

    [TestMethod]
    public async Task KeylessInGitHubActionsModeVerifiesWithSigstoreJsForTheWorkflowIdentityOnly()
    {
        using var signer = await GitHubActionsSignerAsync();
        Assert.AreEqual(FakeSigstoreServer.GitHubIdentity, signer.Identity.Subject);
        Assert.AreEqual(FakeOidcIssuer.GitHubIssuer, signer.Identity.Issuer);
        var bundle = await signer.SignDigestAsync(SHA256.HashData(Manifest), default);
        var envelopeBundle = await signer.SignEnvelopeAsync(DsseEnvelope.InTotoPayloadType, Encoding.UTF8.GetBytes(Statement), default);
        string root = Path.Combine(_dir, "trusted_root.json");
        FakeSigstore.Server.WriteTrustedRoot(root);
        string bundlePath = Write("image.sigstore.json", BundleJson.Serialize(bundle));
        string manifestPath = Write("manifest.json", Manifest);

        var (ok, result) = SigstoreJs.Verify("--bundle", bundlePath, "--artifact", manifestPath, "--trusted-root", root,
            "--identity", FakeSigstoreServer.GitHubIdentity, "--issuer", FakeOidcIssuer.GitHubIssuer);
        Assert.IsTrue(ok, result.ToJsonString());
        Assert.AreEqual(FakeSigstoreServer.GitHubIdentity, result["subjectAlternativeName"]!.GetValue<string>());

        (ok, result) = SigstoreJs.Verify("--bundle", Write("provenance.sigstore.json", BundleJson.Serialize(envelopeBundle)), "--trusted-root", root,
            "--identity", FakeSigstoreServer.GitHubIdentity, "--issuer", FakeOidcIssuer.GitHubIssuer);
        Assert.IsTrue(ok, result.ToJsonString());

        (ok, _) = SigstoreJs.Verify("--bundle", bundlePath, "--artifact", manifestPath, "--trusted-root", root,
            "--identity", "https://github.com/someone/else/.github/workflows/x.yml@refs/heads/main", "--issuer", FakeOidcIssuer.GitHubIssuer);
        Assert.IsFalse(ok, "another identity must not verify");
        (ok, _) = SigstoreJs.Verify("--bundle", bundlePath, "--artifact", manifestPath, "--trusted-root", root,
            "--identity", "https://github.com/modelcar/demo", "--issuer", FakeOidcIssuer.GitHubIssuer);
        Assert.IsFalse(ok, "a prefix of the identity must not verify: the identity is matched exactly");

        // Our own verifier agrees (and says which check failed), but the verdicts above are sigstore-js's.
        var policy = new VerificationPolicy(null, FakeSigstoreServer.GitHubIdentity, FakeOidcIssuer.GitHubIssuer, TrustedRoot.Load(root));
        new BundleVerifier(policy).VerifyDigest(BundleJson.Parse(File.ReadAllBytes(bundlePath), "test"), SHA256.HashData(Manifest), "the image");
        var wrong = policy with { Identity = "https://github.com/other" };
        var e = Assert.ThrowsExactly<ModelcarException>(() => new BundleVerifier(wrong).VerifyDigest(bundle, SHA256.HashData(Manifest), "the image"));
        Assert.AreEqual(ErrorCodes.SignatureVerificationFailed, e.Code);
        StringAssert.Contains(e.Message, "expected identity");

        // A forged inclusion proof (one audit-path hash changed) fails our verifier and sigstore-js alike. The
        // attestation was logged second, so its tree has at least two leaves and its proof at least one hash.
        var entry = envelopeBundle.TlogEntries[0];
        var proof = entry.InclusionProof!;
        Assert.IsTrue(proof.Hashes.Count > 0);
        byte[] changedHash = (byte[])proof.Hashes[0].Clone();
        changedHash[0] ^= 1;
        var forged = envelopeBundle with { TlogEntries = [entry with { InclusionProof = proof with { Hashes = [changedHash, .. proof.Hashes.Skip(1)] } }] };
        e = Assert.ThrowsExactly<ModelcarException>(() => new BundleVerifier(policy).VerifyEnvelope(forged, "the provenance"));
        StringAssert.Contains(e.Message, "inclusion proof");
        (ok, _) = SigstoreJs.Verify("--bundle", Write("forged.sigstore.json", BundleJson.Serialize(forged)), "--trusted-root", root,
            "--identity", FakeSigstoreServer.GitHubIdentity, "--issuer", FakeOidcIssuer.GitHubIssuer);
        Assert.IsFalse(ok, "sigstore-js must reject a forged inclusion proof");
    }

    [TestMethod]
    public async Task KeylessWithATokenFromANamedVariable_AzurePipelinesMode_VerifiesInSigstoreJs()
    {
        // Azure Pipelines' workload identity token handed over by variable name (ModelcarSigningIdentityTokenVariable).
        const string issuer = "https://vstoken.dev.azure.com/00000000-0000-0000-0000-000000000001";
        const string subject = "https://dev.azure.com/acme/models/_build?definitionId=7";
        var server = FakeSigstore.Server;
        string token = server.Issuer.Mint(issuer, subject);
        using var http = new HttpClient();
        var oidc = await new OidcTokenSource(http, v => v == "idToken" ? token : null).GetTokenAsync("idToken", default);
        using var signer = await KeylessBundleSigner.CreateAsync(oidc, new FulcioClient(http, new Uri(server.BaseUrl)), new RekorClient(http, new Uri(server.BaseUrl)), default);
        Assert.AreEqual(subject, signer.Identity.Subject);

        var bundle = await signer.SignEnvelopeAsync(DsseEnvelope.InTotoPayloadType, Encoding.UTF8.GetBytes(Statement), default);
        string root = Path.Combine(_dir, "trusted_root.json");
        server.WriteTrustedRoot(root);
        var (ok, result) = SigstoreJs.Verify("--bundle", Write("provenance.sigstore.json", BundleJson.Serialize(bundle)), "--trusted-root", root,
            "--identity", subject, "--issuer", issuer);
        Assert.IsTrue(ok, result.ToJsonString());
        (ok, _) = SigstoreJs.Verify("--bundle", Path.Combine(_dir, "provenance.sigstore.json"), "--trusted-root", root,
            "--identity", subject, "--issuer", FakeOidcIssuer.GitHubIssuer);
        Assert.IsFalse(ok, "another issuer must not verify");
    }

    [TestMethod]
    public async Task NoTokenAnywhereOrARefusingFulcioIsMODELCAR096WithoutTheToken()
    {
        using var http = new HttpClient();
        var none = await Assert.ThrowsExactlyAsync<ModelcarException>(() => new OidcTokenSource(http, _ => null).GetTokenAsync(null, default));
        Assert.AreEqual(ErrorCodes.KeylessSigningFailed, none.Code);
        StringAssert.Contains(none.Message, "id-token: write");

        // A token the fake Fulcio does not trust (signed by another issuer key): Fulcio refuses, the token is not echoed.
        using var stranger = new FakeOidcIssuer();
        string token = stranger.Mint(FakeOidcIssuer.GitHubIssuer, "repo:x/y:ref:refs/heads/main");
        var oidc = await new OidcTokenSource(http, _ => token).GetTokenAsync(null, default);
        var refused = await Assert.ThrowsExactlyAsync<ModelcarException>(() => KeylessBundleSigner.CreateAsync(oidc,
            new FulcioClient(http, new Uri(FakeSigstore.Server.BaseUrl)), new RekorClient(http, new Uri(FakeSigstore.Server.BaseUrl)), default));
        Assert.AreEqual(ErrorCodes.KeylessSigningFailed, refused.Code);
        StringAssert.Contains(refused.Message, "Fulcio");
        Assert.IsFalse(refused.Message.Contains(token, StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task AnExpiredCertificateFailsInSigstoreJsAndInOurVerifier()
    {
        var fulcio = FakeSigstore.Server.Fulcio;
        KeylessBundleSigner signer;
        lock (fulcio)
        {
            fulcio.NotBeforeOffset = TimeSpan.FromMinutes(-30);
            fulcio.NotAfterOffset = TimeSpan.FromMinutes(-20);
            try { signer = GitHubActionsSignerAsync().GetAwaiter().GetResult(); }
            finally
            {
                fulcio.NotBeforeOffset = TimeSpan.FromMinutes(-1);
                fulcio.NotAfterOffset = TimeSpan.FromMinutes(10);
            }
        }
        using var signerScope = signer;
        var bundle = await signer.SignDigestAsync(SHA256.HashData(Manifest), default);
        string root = Path.Combine(_dir, "trusted_root.json");
        FakeSigstore.Server.WriteTrustedRoot(root);
        var (ok, result) = SigstoreJs.Verify("--bundle", Write("image.sigstore.json", BundleJson.Serialize(bundle)), "--artifact", Write("manifest.json", Manifest),
            "--trusted-root", root, "--identity", FakeSigstoreServer.GitHubIdentity, "--issuer", FakeOidcIssuer.GitHubIssuer);
        Assert.IsFalse(ok, "an expired certificate must not verify");
        StringAssert.Contains(result.ToJsonString(), "CERTIFICATE_ERROR");

        var policy = new VerificationPolicy(null, FakeSigstoreServer.GitHubIdentity, FakeOidcIssuer.GitHubIssuer, TrustedRoot.Load(root));
        var e = Assert.ThrowsExactly<ModelcarException>(() => new BundleVerifier(policy).VerifyDigest(bundle, SHA256.HashData(Manifest), "the image"));
        Assert.AreEqual(ErrorCodes.SignatureVerificationFailed, e.Code);
        StringAssert.Contains(e.Message, "expired");
    }
}
