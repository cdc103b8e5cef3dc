using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Attestations.Tests;

/// <summary>
/// The model-signing manifest and SLSA provenance attached to a published modelcar, checked against what
/// <c>skopeo copy</c> + <c>umoci unpack</c> bring back: every file under /models re-hashed, none missing, none extra.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class ModelSigningManifestTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task ModelSigningManifest_MatchesTheFilesUmociUnpacks_AndItsRootDigestIsModelTransparencys()
    {
        using RegistryClient client = Publishing.Client(TestEnvironment.Registry);
        string repository = Publishing.NewRepository("signing-manifest");
        using var model = new TestModel(textFiles: true);

        PublishResult result = await Publishing.PublishAsync(new RegistryImageTarget(client, repository), Publishing.Request(model.Plan(), Publishing.Everything(modelPack: false)), Ct);

        string image = $"docker://{TestEnvironment.Registry}/{repository}";
        JsonObject statement = await StatementAsync(repository, image, result, ModelSigningManifest.PredicateType);
        Assert.AreEqual("https://in-toto.io/Statement/v1", (string?)statement["_type"]);
        JsonArray resources = statement["predicate"]!["resources"]!.AsArray();

        using var work = new TempDirectory();
        string models = Path.Combine(ImageTools.Unpack($"{image}:1.0", work), "models");
        var unpacked = Directory.EnumerateFiles(models, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(models, f).Replace('\\', '/'), f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))));
        var listed = resources.ToDictionary(r => (string)r!["name"]!, r => (string)r!["digest"]!);
        CollectionAssert.AreEquivalent(unpacked.Keys.ToArray(), listed.Keys.ToArray());
        foreach ((string path, string sha256) in unpacked) Assert.AreEqual(sha256, listed[path], path);
        Assert.IsTrue(resources.All(r => (string?)r!["algorithm"] == "sha256"));

        // model_signing's subject: one, the model's name, sha256 over the raw digests in the listed order.
        JsonNode subject = statement["subject"]!.AsArray().Single()!;
        byte[] all = [.. resources.SelectMany(r => Convert.FromHexString((string)r!["digest"]!))];
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(all)), (string?)subject["digest"]!["sha256"]);
        Assert.AreEqual("files", (string?)statement["predicate"]!["serialization"]!["method"]);
    }

    [TestMethod]
    public async Task Provenance_NamesTheImageDigest_AsItsSubject()
    {
        using RegistryClient client = Publishing.Client(TestEnvironment.Registry);
        string repository = Publishing.NewRepository("provenance");
        using var model = new TestModel(largeFileSize: 64 * 1024);

        PublishResult result = await Publishing.PublishAsync(new RegistryImageTarget(client, repository), Publishing.Request(model.Plan(), Publishing.Everything(modelPack: false)), Ct);

        string image = $"docker://{TestEnvironment.Registry}/{repository}";
        JsonObject statement = await StatementAsync(repository, image, result, SlsaProvenance.PredicateType);
        string inspected = (string)ImageTools.Inspect($"{image}:1.0")["Digest"]!;
        Assert.AreEqual(inspected, "sha256:" + (string?)statement["subject"]![0]!["digest"]!["sha256"]);
        Assert.AreEqual(SlsaProvenance.BuildType, (string?)statement["predicate"]!["buildDefinition"]!["buildType"]);
        Assert.AreEqual(BuilderIdentity.LocalBuilderId, (string?)statement["predicate"]!["runDetails"]!["builder"]!["id"]);
    }

    /// <summary>The statement with <paramref name="predicateType"/> among the image's referrers, read from the fallback tag and the blob API.</summary>
    private async Task<JsonObject> StatementAsync(string repository, string image, PublishResult result, string predicateType)
    {
        JsonObject fallback = ImageTools.Inspect($"{image}:sha256-{result.Manifest.Digest.Encoded}", raw: true);
        JsonNode entry = fallback["manifests"]!.AsArray().Single(m => (string?)m!["annotations"]?["in-toto.io/predicate-type"] == predicateType)!;
        Assert.AreEqual("application/vnd.in-toto+json", (string?)entry["artifactType"]);
        JsonObject manifest = ImageTools.Inspect($"{image}@{entry["digest"]}", raw: true);
        Assert.AreEqual(result.Manifest.Digest.ToString(), (string?)manifest["subject"]!["digest"]);
        byte[] bytes = await Publishing.ReadBlobAsync(repository, (string)manifest["layers"]![0]!["digest"]!, Ct);
        JsonObject statement = JsonNode.Parse(bytes)!.AsObject();
        Assert.AreEqual(predicateType, (string?)statement["predicateType"]);
        return statement;
    }
}
