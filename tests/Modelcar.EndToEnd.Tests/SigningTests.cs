using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Modelcar.Signing.Tests;
using Modelcar.Signing.Tests.Fakes;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// Signing at publish, end to end through the packed SDK. The signature is read back from the registry with curl
/// and skopeo (the referrers fallback tag, the bundle layer, the raw manifest) and verified by sigstore-js, not by
/// our code; -t:ModelcarVerify is then checked for its pass and its failure codes. Keyless runs against the fake
/// Fulcio, Rekor and GitHub token service (no public Sigstore or GitHub is reachable here) on 127.0.0.1:5702.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class SigningTests
{
    private const int FakeSigstorePort = 5702;

    private static ModelProject Project(string name, out string reference)
    {
        string repository = "e2e/sign-" + Guid.NewGuid().ToString("N")[..8];
        reference = $"{TestEnvironment.Registry}/{repository}";
        var project = new ModelProject(name, $"""
                <ContainerRegistry>{TestEnvironment.Registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <KServeModelFormat>huggingface</KServeModelFormat>
            """);
        ModelFiles.AddTypicalModel(project);
        return project;
    }

    private static (string PrivatePath, string PublicPath) NewKey(string directory, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string privatePath = Path.Combine(directory, name + ".key");
        string publicPath = Path.Combine(directory, name + ".pub");
        File.WriteAllText(privatePath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(publicPath, key.ExportSubjectPublicKeyInfoPem());
        return (privatePath, publicPath);
    }

    /// <summary>The image's manifest signature bundle and its manifest bytes, read from the registry with curl and skopeo only.</summary>
    private static (string BundlePath, string ManifestPath, List<string> Attestations) ReadBack(string reference, string digest, string directory, string? signedSubject = null)
    {
        Directory.CreateDirectory(directory);
        string registry = TestEnvironment.Registry;
        string repository = reference[(registry.Length + 1)..];
        string manifestPath = Path.Combine(directory, "manifest.json");
        string raw = ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--raw", $"docker://{reference}@{digest}"]).EnsureSuccess("skopeo inspect --raw").Output.TrimEnd('\n');
        File.WriteAllText(manifestPath, raw);
        Assert.AreEqual(digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw))), "skopeo gave the manifest bytes unchanged");

        // docker-registry 2.8 has no referrers API: the referrers are in the fallback index tagged sha256-<hex>.
        string index = Curl($"http://{registry}/v2/{repository}/manifests/sha256-{digest[7..]}", "application/vnd.oci.image.index.v1+json");
        var bundles = JsonDocument.Parse(index).RootElement.GetProperty("manifests").EnumerateArray()
            .Where(m => m.GetProperty("artifactType").GetString() == "application/vnd.dev.sigstore.bundle.v0.3+json").ToList();
        string? bundlePath = null;
        var attestations = new List<string>();
        foreach (var entry in bundles)
        {
            string artifact = Curl($"http://{registry}/v2/{repository}/manifests/{entry.GetProperty("digest").GetString()}", "application/vnd.oci.image.manifest.v1+json");
            var artifactRoot = JsonDocument.Parse(artifact).RootElement;
            Assert.AreEqual(signedSubject ?? digest, artifactRoot.GetProperty("subject").GetProperty("digest").GetString(), "each bundle's subject is the signed image");
            var layer = artifactRoot.GetProperty("layers")[0];
            Assert.AreEqual("application/vnd.dev.sigstore.bundle.v0.3+json", layer.GetProperty("mediaType").GetString());
            string path = Path.Combine(directory, entry.GetProperty("digest").GetString()![7..] + ".sigstore.json");
            File.WriteAllText(path, Curl($"http://{registry}/v2/{repository}/blobs/{layer.GetProperty("digest").GetString()}", "*/*"));
            if (entry.GetProperty("annotations").GetProperty("dev.sigstore.bundle.content").GetString() == "message-signature") bundlePath = path;
            else attestations.Add(path);
        }
        Assert.IsNotNull(bundlePath, "the image has a message-signature bundle among its referrers");
        return (bundlePath, manifestPath, attestations);
    }

    private static string Curl(string url, string accept) =>
        ProcessRunner.Run("curl", ["-fsSL", "-H", "Accept: " + accept, url]).EnsureSuccess("curl " + url).Output;

    private static ProcessResult Verify(ModelProject project, params string[] properties) =>
        ProcessRunner.Run("dotnet", ["msbuild", project.ProjectFile, "-t:ModelcarVerify", "-nodeReuse:false", .. properties.Select(p => "-p:" + p)],
            workingDirectory: project.Directory,
            environment: new Dictionary<string, string?> { ["NUGET_PACKAGES"] = SdkPackage.PackagesFolder, ["MSBUILDDISABLENODEREUSE"] = "1" });

    [TestMethod]
    public void KeyedPublish_SignatureVerifiesInSigstoreJs_AndModelcarVerifyFailsForAnotherKeyOrAnUnsignedCopy()
    {
        var project = Project("signed-keyed", out string reference);
        var (privateKey, publicKey) = NewKey(project.Directory, "signing");
        var (_, otherPublicKey) = NewKey(project.Directory, "other");

        ProcessResult publish = project.Publish("ModelcarSigningKey=signing.key", "ModelcarAttestations=true").EnsureSuccess("dotnet publish with a key");
        Assert.IsFalse(publish.Output.Contains(File.ReadAllText(privateKey).Split('\n')[1], StringComparison.Ordinal), "the key never reaches the log");
        var published = new PublishedImage(project);
        var signing = published.ImageJson.RootElement.GetProperty("signing");
        Assert.AreEqual("key", signing.GetProperty("mode").GetString());
        Assert.IsTrue(signing.GetProperty("bundles").GetArrayLength() >= 1);

        var (bundle, manifest, attestations) = ReadBack(reference, published.Digest, project.Directory);
        var (ok, result) = SigstoreJs.Verify("--bundle", bundle, "--artifact", manifest, "--key", publicKey);
        Assert.IsTrue(ok, "sigstore-js: " + result.ToJsonString());
        Assert.AreEqual(2, attestations.Count, "SLSA provenance and the model-signing manifest, each a signed DSSE bundle");
        foreach (string attestation in attestations)
        {
            (ok, result) = SigstoreJs.Verify("--bundle", attestation, "--key", publicKey);
            Assert.IsTrue(ok, "sigstore-js (attestation): " + result.ToJsonString());
        }
        (ok, _) = SigstoreJs.Verify("--bundle", bundle, "--artifact", manifest, "--key", otherPublicKey);
        Assert.IsFalse(ok, "sigstore-js must reject another key");

        ProcessResult verified = Verify(project, $"ModelcarVerifyImage={reference}@{published.Digest}", "ModelcarVerifyKey=signing.pub", "ModelcarVerifyFiles=true")
            .EnsureSuccess("ModelcarVerify with the signing key");
        StringAssert.Contains(verified.Output, "https://slsa.dev/provenance/v1");
        StringAssert.Contains(verified.Output, "against the signed model-signing manifest");

        ProcessResult wrongKey = Verify(project, $"ModelcarVerifyImage={reference}@{published.Digest}", "ModelcarVerifyKey=other.pub");
        Assert.AreNotEqual(0, wrongKey.ExitCode);
        StringAssert.Contains(wrongKey.Output, "MODELCAR097");

        // A copy of the image elsewhere (skopeo copies no referrers) has no signature.
        string copy = $"{TestEnvironment.Registry}/e2e/sign-copy-{Guid.NewGuid().ToString("N")[..8]}";
        ProcessRunner.Run("skopeo", ["copy", "--src-tls-verify=false", "--dest-tls-verify=false", $"docker://{reference}@{published.Digest}", $"docker://{copy}:1"]).EnsureSuccess("skopeo copy");
        ProcessResult unsigned = Verify(project, $"ModelcarVerifyImage={copy}:1", "ModelcarVerifyKey=signing.pub");
        Assert.AreNotEqual(0, unsigned.ExitCode);
        StringAssert.Contains(unsigned.Output, "MODELCAR097");
        StringAssert.Contains(unsigned.Output, "no signature");
    }

    /// <summary>Gives <paramref name="tampered"/> the original's referrers (its fallback index), as an attacker copying signatures would.</summary>
    private static void CopyReferrers(string repository, string original, string tampered)
    {
        string registry = TestEnvironment.Registry;
        string index = Curl($"http://{registry}/v2/{repository}/manifests/sha256-{original[7..]}", "application/vnd.oci.image.index.v1+json");
        ProcessRunner.Run("curl", ["-fsS", "-X", "PUT", "-H", "Content-Type: application/vnd.oci.image.index.v1+json", "--data-binary", index,
            $"http://{registry}/v2/{repository}/manifests/sha256-{tampered[7..]}"]).EnsureSuccess("curl PUT the copied referrers");
    }

    [TestMethod]
    public void TamperedImagesWithTheOriginalsSignaturesFailVerificationWithMODELCAR098()
    {
        var project = Project("signed-tamper", out string reference);
        NewKey(project.Directory, "signing");
        project.Publish("ModelcarSigningKey=signing.key", "ModelcarAttestations=true").EnsureSuccess("dotnet publish with a key");
        string original = new PublishedImage(project).Digest;
        string registry = TestEnvironment.Registry;
        string repository = reference[(registry.Length + 1)..];

        // 1. One byte of one model file changed: unpack with umoci, flip a byte, repack, push under a new tag.
        string layout = Path.Combine(project.Directory, "tamper-layout");
        string bundle = Path.Combine(project.Directory, "tamper-bundle");
        ProcessRunner.Run("skopeo", ["copy", "--quiet", "--src-tls-verify=false", $"docker://{reference}@{original}", $"oci:{layout}:image"]).EnsureSuccess("skopeo copy out");
        ProcessRunner.Run("umoci", ["unpack", "--image", $"{layout}:image", bundle]).EnsureSuccess("umoci unpack");
        string victim = Directory.EnumerateFiles(Path.Combine(bundle, "rootfs", "models"), "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).First();
        byte[] content = File.ReadAllBytes(victim);
        content[content.Length / 2] ^= 0x01;
        File.WriteAllBytes(victim, content);
        ProcessRunner.Run("umoci", ["repack", "--image", $"{layout}:image", bundle]).EnsureSuccess("umoci repack");
        ProcessRunner.Run("skopeo", ["copy", "--quiet", "--dest-tls-verify=false", $"oci:{layout}:image", $"docker://{reference}:tampered-file"]).EnsureSuccess("skopeo copy back");
        string changedFile = ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--format", "{{.Digest}}", $"docker://{reference}:tampered-file"]).EnsureSuccess("skopeo inspect").Output.Trim();
        Assert.AreNotEqual(original, changedFile);
        CopyReferrers(repository, original, changedFile);

        // 2. A layer swapped: the manifest's first two layers change places (same blobs, another image).
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(Curl($"http://{registry}/v2/{repository}/manifests/{original}", "application/vnd.oci.image.manifest.v1+json"))!;
        var layers = manifest["layers"]!.AsArray();
        Assert.IsTrue(layers.Count >= 2, "the model has at least two layers");
        var first = layers[0]!.DeepClone();
        layers[0] = layers[1]!.DeepClone();
        layers[1] = first;
        string swappedJson = manifest.ToJsonString();
        string swapped = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(swappedJson)));
        ProcessRunner.Run("curl", ["-fsS", "-X", "PUT", "-H", "Content-Type: application/vnd.oci.image.manifest.v1+json", "--data-binary", swappedJson,
            $"http://{registry}/v2/{repository}/manifests/tampered-layer"]).EnsureSuccess("curl PUT the swapped manifest");
        CopyReferrers(repository, original, swapped);

        foreach (string tampered in new[] { changedFile, swapped })
        {
            ProcessResult result = Verify(project, $"ModelcarVerifyImage={reference}@{tampered}", "ModelcarVerifyKey=signing.pub", "ModelcarVerifyFiles=true");
            Assert.AreNotEqual(0, result.ExitCode, $"{tampered} must not verify");
            StringAssert.Contains(result.Output, "MODELCAR098");

            // sigstore-js agrees: the original's signature does not verify over the tampered manifest.
            var (bundleFile, manifestFile, _) = ReadBack(reference, tampered, Path.Combine(project.Directory, tampered[7..19]), signedSubject: original);
            var (ok, _) = SigstoreJs.Verify("--bundle", bundleFile, "--artifact", manifestFile, "--key", Path.Combine(project.Directory, "signing.pub"));
            Assert.IsFalse(ok, "sigstore-js must reject the original's signature over a tampered manifest");
        }
    }

    [TestMethod]
    public void KeyedPublishToAnArchive_CarriesTheSignatureInsideTheArchive_AndSigstoreJsVerifiesIt()
    {
        var project = Project("signed-archive", out _);
        var (_, publicKey) = NewKey(project.Directory, "signing");
        project.Publish("ContainerRegistry=", "ModelcarSigningKey=signing.key").EnsureSuccess("dotnet publish to an archive with a key");
        var published = new PublishedImage(project);
        string archive = published.ImageJson.RootElement.GetProperty("archive").GetString()!;

        // Read the archive with tar only: index.json names the image and its referrers; blobs/sha256/<hex> hold them.
        string extracted = Path.Combine(project.Directory, "extracted");
        Directory.CreateDirectory(extracted);
        ProcessRunner.Run("tar", ["-xf", archive, "-C", extracted]).EnsureSuccess("tar -xf");
        string Blob(string digest) => Path.Combine(extracted, "blobs", "sha256", digest[7..]);
        var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(extracted, "index.json"))).RootElement;
        var referrer = index.GetProperty("manifests").EnumerateArray()
            .Single(m => m.TryGetProperty("artifactType", out var type) && type.GetString() == "application/vnd.dev.sigstore.bundle.v0.3+json");
        var artifact = JsonDocument.Parse(File.ReadAllText(Blob(referrer.GetProperty("digest").GetString()!))).RootElement;
        Assert.AreEqual(published.Digest, artifact.GetProperty("subject").GetProperty("digest").GetString());
        string bundle = Blob(artifact.GetProperty("layers")[0].GetProperty("digest").GetString()!);

        var (ok, result) = SigstoreJs.Verify("--bundle", bundle, "--artifact", Blob(published.Digest), "--key", publicKey);
        Assert.IsTrue(ok, "sigstore-js: " + result.ToJsonString());
    }

    [TestMethod]
    public async Task KeylessPublishInGitHubActionsMode_VerifiesInSigstoreJsForTheWorkflowIdentity()
    {
        await using var sigstore = await FakeSigstoreServer.StartAsync(FakeSigstorePort);
        var project = Project("signed-keyless", out string reference);
        string trustedRoot = Path.Combine(project.Directory, "trusted_root.json");
        sigstore.WriteTrustedRoot(trustedRoot);

        ProcessRunner.Run("dotnet", ["publish", project.ProjectFile, "-c", "Release", "-nodeReuse:false",
                "-p:ModelcarSign=true", $"-p:ModelcarFulcioUrl={sigstore.BaseUrl}", $"-p:ModelcarRekorUrl={sigstore.BaseUrl}"],
            workingDirectory: project.Directory,
            environment: new Dictionary<string, string?>
            {
                ["NUGET_PACKAGES"] = SdkPackage.PackagesFolder,
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["ACTIONS_ID_TOKEN_REQUEST_URL"] = sigstore.ActionsRequestUrl,
                ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = FakeSigstoreServer.ActionsRequestToken,
                ["SIGSTORE_ID_TOKEN"] = null,
            }).EnsureSuccess("dotnet publish keyless");
        Assert.AreEqual(1, sigstore.GitHubTokenRequests, "the token came from the GitHub Actions token service");
        Assert.IsTrue(sigstore.Rekor.Entries >= 1, "the signature was logged in Rekor");

        var published = new PublishedImage(project);
        var signing = published.ImageJson.RootElement.GetProperty("signing");
        Assert.AreEqual("keyless", signing.GetProperty("mode").GetString());
        Assert.AreEqual(FakeSigstoreServer.GitHubIdentity, signing.GetProperty("identity").GetString());
        Assert.AreEqual(FakeOidcIssuer.GitHubIssuer, signing.GetProperty("issuer").GetString());

        var (bundle, manifest, _) = ReadBack(reference, published.Digest, project.Directory);
        var (ok, result) = SigstoreJs.Verify("--bundle", bundle, "--artifact", manifest, "--trusted-root", trustedRoot,
            "--identity", FakeSigstoreServer.GitHubIdentity, "--issuer", FakeOidcIssuer.GitHubIssuer);
        Assert.IsTrue(ok, "sigstore-js: " + result.ToJsonString());

        string image = $"ModelcarVerifyImage={reference}@{published.Digest}";
        Verify(project, image, $"ModelcarVerifyIdentity={FakeSigstoreServer.GitHubIdentity}", $"ModelcarVerifyIssuer={FakeOidcIssuer.GitHubIssuer}",
            "ModelcarVerifyTrustedRoot=trusted_root.json").EnsureSuccess("ModelcarVerify keyless");
        ProcessResult wrong = Verify(project, image, "ModelcarVerifyIdentity=https://github.com/someone/else/.github/workflows/x.yml@refs/heads/main",
            $"ModelcarVerifyIssuer={FakeOidcIssuer.GitHubIssuer}", "ModelcarVerifyTrustedRoot=trusted_root.json");
        Assert.AreNotEqual(0, wrong.ExitCode);
        StringAssert.Contains(wrong.Output, "MODELCAR097");
        StringAssert.Contains(wrong.Output, "expected identity");
    }
}
