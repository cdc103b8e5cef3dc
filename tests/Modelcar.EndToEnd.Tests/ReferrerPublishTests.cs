using System.Security.Cryptography;
using System.Text.Json;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// <c>dotnet publish</c> with <c>ModelcarModelPack</c> and <c>ModelcarAttestations</c>: the referrers land in the
/// registry (fallback tag on docker-registry 2.8) or inside the archive, image.json lists them, and the
/// model-signing manifest matches the files skopeo + umoci bring back.
/// </summary>
[TestClass]
public sealed class ReferrerPublishTests
{
    private static readonly string[] ExpectedArtifactTypes =
        ["application/vnd.cncf.model.manifest.v1+json", "application/vnd.in-toto+json", "application/vnd.in-toto+json"];

    private static List<(string Digest, string ArtifactType)> Referrers(PublishedImage published) =>
        [.. published.ImageJson.RootElement.GetProperty("referrers").EnumerateArray()
            .Select(r => (r.GetProperty("digest").GetString()!, r.GetProperty("artifactType").GetString()!))];

    /// <summary>The model-signing resources as path → sha256, and the check that they are exactly the unpacked files.</summary>
    private static void AssertSigningManifestMatches(byte[] statement, ImageReader image)
    {
        JsonElement root = JsonDocument.Parse(statement).RootElement;
        Assert.AreEqual("https://model_signing/signature/v1.0", root.GetProperty("predicateType").GetString());
        var listed = root.GetProperty("predicate").GetProperty("resources").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("digest").GetString()!);
        Dictionary<string, string> unpacked = image.ModelFileHashes();
        CollectionAssert.AreEquivalent(unpacked.Keys.ToList(), listed.Keys.ToList());
        foreach ((string path, string sha256) in unpacked) Assert.AreEqual(sha256, listed[path], path);
    }

    [TestMethod]
    [TestCategory("Registry")]
    public void Publish_ToARegistryWithoutTheReferrersApi_AttachesTheViewAndStatements_UnderTheFallbackTag()
    {
        string registry = TestEnvironment.Registry;
        string repository = "e2e/referrers-" + Guid.NewGuid().ToString("N")[..8];
        var project = new ModelProject("attested", $"""
                <ContainerRegistry>{registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
                <Version>1.0.0</Version>
                <KServeModelFormat>huggingface</KServeModelFormat>
                <ModelcarModelPack>true</ModelcarModelPack>
                <ModelcarAttestations>true</ModelcarAttestations>
            """);
        ModelFiles.AddTypicalModel(project);

        project.Publish().EnsureSuccess("dotnet publish");

        var published = new PublishedImage(project);
        List<(string Digest, string ArtifactType)> referrers = Referrers(published);
        CollectionAssert.AreEquivalent(ExpectedArtifactTypes, referrers.Select(r => r.ArtifactType).ToList());
        string fallbackTag = "sha256-" + published.Digest["sha256:".Length..];
        string tags = ProcessRunner.Run("skopeo", ["list-tags", "--tls-verify=false", $"docker://{registry}/{repository}"]).EnsureSuccess("skopeo list-tags").Output;
        StringAssert.Contains(tags, fallbackTag);
        string index = ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--raw", $"docker://{registry}/{repository}:{fallbackTag}"]).EnsureSuccess("skopeo inspect").Output;
        CollectionAssert.AreEquivalent(referrers.Select(r => r.Digest).ToList(),
            JsonDocument.Parse(index).RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("digest").GetString()).ToList());

        string signingManifest = referrers.Select(r => r.Digest).Single(d =>
            ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--raw", $"docker://{registry}/{repository}@{d}"]).Output.Contains("https://model_signing/signature/v1.0"));
        using JsonDocument manifest = JsonDocument.Parse(ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--raw", $"docker://{registry}/{repository}@{signingManifest}"]).Output);
        Assert.AreEqual(published.Digest, manifest.RootElement.GetProperty("subject").GetProperty("digest").GetString());
        using var http = new HttpClient();
        byte[] statement = http.GetByteArrayAsync($"http://{registry}/v2/{repository}/blobs/{manifest.RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()}").GetAwaiter().GetResult();
        AssertSigningManifestMatches(statement, ImageReader.Unpack($"docker://{registry}/{repository}@{published.Digest}"));
    }

    [TestMethod]
    public void Publish_ToAnArchive_CarriesTheViewAndStatements_NamedByIndexJson()
    {
        var project = new ModelProject("attested-archive", """
                <ContainerRepository>acme/attested</ContainerRepository>
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <Version>1.0.0</Version>
                <KServeModelFormat>sklearn</KServeModelFormat>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <ModelcarModelPack>true</ModelcarModelPack>
                <ModelcarAttestations>true</ModelcarAttestations>
            """);
        ModelFiles.AddTypicalModel(project);

        project.Publish().EnsureSuccess("dotnet publish");

        var published = new PublishedImage(project);
        string archive = Path.Combine(project.PublishDirectory, "attested-archive.oci.tar");
        string layout = Path.Combine(SdkPackage.Work, "layout-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(layout);
        ProcessRunner.Run("tar", ["-x", "-f", archive, "-C", layout]).EnsureSuccess("tar -x");
        JsonElement[] entries = [.. JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json"))).RootElement.GetProperty("manifests").EnumerateArray()];
        Assert.AreEqual(published.Digest, entries[0].GetProperty("digest").GetString());
        CollectionAssert.AreEquivalent(Referrers(published).Select(r => r.Digest).ToList(), entries.Skip(1).Select(e => e.GetProperty("digest").GetString()).ToList());

        string Blob(string digest) => Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);
        JsonElement signing = entries.Skip(1).Select(e => JsonDocument.Parse(File.ReadAllBytes(Blob(e.GetProperty("digest").GetString()!))).RootElement)
            .Single(m => m.GetProperty("layers")[0].TryGetProperty("annotations", out JsonElement a) && a.TryGetProperty("in-toto.io/predicate-type", out JsonElement type) && type.GetString() == "https://model_signing/signature/v1.0");
        Assert.AreEqual(published.Digest, signing.GetProperty("subject").GetProperty("digest").GetString());
        byte[] statement = File.ReadAllBytes(Blob(signing.GetProperty("layers")[0].GetProperty("digest").GetString()!));
        Assert.AreEqual(signing.GetProperty("layers")[0].GetProperty("digest").GetString(), "sha256:" + Convert.ToHexStringLower(SHA256.HashData(statement)));
        // With several entries in index.json, the image is read by its tag.
        AssertSigningManifestMatches(statement, ImageReader.Unpack($"oci-archive:{archive}:1.0.0"));
    }
}
