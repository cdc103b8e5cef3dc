using System.Text;
using System.Text.Json.Nodes;
using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Referrers;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Referrers;

/// <summary>
/// Referrers on the test environment's docker-registry 2.8, which has no referrers API: the spec's fallback tag.
/// Every check reads the registry with skopeo, not with our client.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class RegistryReferrersTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static RegistryClient Client() => new(TestEnvironment.Registry, new RegistryClientOptions { InsecureRegistries = [] });

    internal static ReferrerArtifact Note(string text) =>
        new("application/vnd.example.note.v1", [ReferrerBlob.FromBytes("text/plain", Encoding.UTF8.GetBytes(text))])
        {
            Annotations = new Dictionary<string, string> { ["org.example.note"] = text },
        };

    /// <summary>Publishes a small modelcar on scratch (no base needed) whose publish attaches <paramref name="artifacts"/>.</summary>
    internal static async Task<PublishResult> PublishAsync(IImageTarget target, TestModel model, CancellationToken ct, params ReferrerArtifact[] artifacts)
    {
        var request = new ModelcarImageRequest
        {
            Base = BaseImage.Scratch(Platform.Parse("linux/amd64")),
            Layers = model.Plan(),
            User = "1010",
            Tags = ["1.0"],
            ReferrerProducers = artifacts.Length == 0 ? [] : [(_, _) => Task.FromResult<IReadOnlyList<ReferrerArtifact>>(artifacts)],
        };
        return await new ModelcarPublisher(NullModelcarLog.Instance).PublishAsync(request, target, ct);
    }

    [TestMethod]
    public async Task Attach_OnARegistryWithoutTheReferrersApi_WritesTheFallbackTag_WhoseIndexListsTheReferrer()
    {
        using RegistryClient client = Client();
        string repository = $"modelcar-tests/referrers-{Guid.NewGuid():N}";
        using var model = new TestModel(largeFileSize: 64 * 1024);

        PublishResult result = await PublishAsync(new RegistryImageTarget(client, repository), model, Ct, Note("first"));

        Assert.IsFalse(await new RegistryReferrers(client, repository).SupportsReferrersApiAsync(result.Manifest, Ct), "docker-registry 2.8 answers the referrers API with 404");
        string tag = "sha256-" + result.Manifest.Digest.Encoded;
        string image = $"docker://{TestEnvironment.Registry}/{repository}";
        JsonArray tags = JsonNode.Parse(ProcessRunner.Run("skopeo", "list-tags", "--tls-verify=false", image).StandardOutput)!["Tags"]!.AsArray();
        CollectionAssert.AreEquivalent(new[] { "1.0", tag }, tags.Select(t => (string?)t).ToArray());

        JsonObject index = ImageTools.Inspect($"{image}:{tag}", raw: true);
        Assert.AreEqual(MediaTypes.OciIndex, (string?)index["mediaType"]);
        JsonArray entries = index["manifests"]!.AsArray();
        Assert.HasCount(1, entries);
        Assert.AreEqual(result.Referrers[0].Digest.ToString(), (string?)entries[0]!["digest"]);
        Assert.AreEqual("application/vnd.example.note.v1", (string?)entries[0]!["artifactType"]);
        Assert.AreEqual("first", (string?)entries[0]!["annotations"]!["org.example.note"], "the spec copies the manifest's annotations into the entry");

        JsonObject referrer = ImageTools.Inspect($"{image}@{entries[0]!["digest"]}", raw: true);
        Assert.AreEqual(result.Manifest.Digest.ToString(), (string?)referrer["subject"]!["digest"]);
        Assert.AreEqual(result.Manifest.Size, (long)referrer["subject"]!["size"]!);
        Assert.AreEqual(MediaTypes.OciManifest, (string?)referrer["subject"]!["mediaType"]);
        Assert.AreEqual(MediaTypes.Empty, (string?)referrer["config"]!["mediaType"]);
        Assert.AreEqual("application/vnd.example.note.v1", (string?)referrer["artifactType"]);
        string note = ProcessRunner.Run("skopeo", "inspect", "--tls-verify=false", "--raw", $"{image}@{entries[0]!["digest"]}").StandardOutput;
        Assert.Contains("text/plain", note);
    }

    [TestMethod]
    public async Task SecondAttach_KeepsTheFirstEntry_AndASameArtifactIsNotListedTwice()
    {
        using RegistryClient client = Client();
        string repository = $"modelcar-tests/referrers-{Guid.NewGuid():N}";
        using var model = new TestModel(largeFileSize: 64 * 1024);
        PublishResult first = await PublishAsync(new RegistryImageTarget(client, repository), model, Ct, Note("first"));

        // The same image published again (same digest) with another artifact, and the first one again.
        PublishResult second = await PublishAsync(new RegistryImageTarget(client, repository), model, Ct, Note("second"), Note("first"));

        Assert.AreEqual(first.Manifest.Digest, second.Manifest.Digest);
        JsonObject index = ImageTools.Inspect($"docker://{TestEnvironment.Registry}/{repository}:sha256-{first.Manifest.Digest.Encoded}", raw: true);
        string?[] listed = [.. index["manifests"]!.AsArray().Select(m => (string?)m!["annotations"]!["org.example.note"])];
        CollectionAssert.AreEqual(new[] { "first", "second" }, listed);

        IReadOnlyList<Descriptor> read = await new RegistryReferrers(client, repository).ListReferrersAsync(first.Manifest, Ct);
        CollectionAssert.AreEqual(new[] { first.Referrers[0].Digest, second.Referrers[0].Digest }, read.Select(r => r.Digest).ToArray());
    }

    [TestMethod]
    public async Task FallbackTag_HoldingSomethingElse_FailsWithItsCode_AndIsNotOverwritten()
    {
        using RegistryClient client = Client();
        string repository = $"modelcar-tests/referrers-{Guid.NewGuid():N}";
        using var model = new TestModel(largeFileSize: 64 * 1024);
        PublishResult plain = await PublishAsync(new RegistryImageTarget(client, repository), model, Ct);
        // Someone pushed an image under the tag the spec reserves for this subject's referrers.
        ManifestResult image = (await client.GetManifestAsync(repository, "1.0", Ct))!;
        await client.PutManifestAsync(repository, "sha256-" + plain.Manifest.Digest.Encoded, image.Content, image.MediaType, Ct);

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => PublishAsync(new RegistryImageTarget(client, repository), model, Ct, Note("x")));

        Assert.AreEqual(ErrorCodes.ReferrersTagNotIndex, error.Code);
        Assert.Contains("sha256-" + plain.Manifest.Digest.Encoded, error.Message);
        Assert.AreEqual(image.Digest.ToString(), (string?)ImageTools.Inspect($"docker://{TestEnvironment.Registry}/{repository}:sha256-{plain.Manifest.Digest.Encoded}")["Digest"]);
    }

    [TestMethod]
    public async Task MultiPlatformModelcar_ItsReferrersPointAtTheIndex()
    {
        using RegistryClient client = Client();
        string repository = $"modelcar-tests/referrers-{Guid.NewGuid():N}";
        using var model = new TestModel(largeFileSize: 64 * 1024);
        var request = new ModelcarImageRequest
        {
            Base = BaseImage.Scratch(Platform.Parse("linux/amd64")),
            AdditionalBases = [BaseImage.Scratch(Platform.Parse("linux/arm64"))],
            Layers = model.Plan(),
            User = "1010",
            Tags = ["1.0"],
            ReferrerProducers = [(_, _) => Task.FromResult<IReadOnlyList<ReferrerArtifact>>([Note("index")])],
        };

        PublishResult result = await new ModelcarPublisher(NullModelcarLog.Instance).PublishAsync(request, new RegistryImageTarget(client, repository), Ct);

        string image = $"docker://{TestEnvironment.Registry}/{repository}";
        Assert.AreEqual(MediaTypes.OciIndex, (string?)ImageTools.Inspect($"{image}:1.0", raw: true)["mediaType"]);
        JsonObject index = ImageTools.Inspect($"{image}:sha256-{result.Manifest.Digest.Encoded}", raw: true);
        JsonObject referrer = ImageTools.Inspect($"{image}@{index["manifests"]![0]!["digest"]}", raw: true);
        Assert.AreEqual(result.Manifest.Digest.ToString(), (string?)referrer["subject"]!["digest"]);
        Assert.AreEqual(MediaTypes.OciIndex, (string?)referrer["subject"]!["mediaType"]);
    }

    [TestMethod]
    public async Task AnArtifactNamingABlobTheTargetLacks_FailsWithItsCode_BeforeItsManifestIsWritten()
    {
        using RegistryClient client = Client();
        string repository = $"modelcar-tests/referrers-{Guid.NewGuid():N}";
        using var model = new TestModel(largeFileSize: 64 * 1024);
        var missing = new Descriptor { MediaType = MediaTypes.OciLayer, Digest = Digest.ComputeSha256(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())), Size = 36 };
        var artifact = new ReferrerArtifact("application/vnd.example.view.v1", [ReferrerBlob.Existing(missing)]);

        var error = await Assert.ThrowsExactlyAsync<ModelcarException>(() => PublishAsync(new RegistryImageTarget(client, repository), model, Ct, artifact));

        Assert.AreEqual(ErrorCodes.ReferrerBlobMissing, error.Code);
        Assert.Contains(missing.Digest.ToString(), error.Message);
        // No tag at all (docker-registry answers a repository without tags with 404 or an empty list).
        using var http = new HttpClient();
        using HttpResponseMessage tags = await http.GetAsync($"http://{TestEnvironment.Registry}/v2/{repository}/tags/list", Ct);
        string body = await tags.Content.ReadAsStringAsync(Ct);
        Assert.IsTrue(tags.StatusCode == System.Net.HttpStatusCode.NotFound || JsonNode.Parse(body)!["tags"] is null or JsonArray { Count: 0 }, body);
    }

    [TestMethod]
    public void ReferrersTag_FollowsTheSpecsTable()
    {
        Assert.AreEqual("sha256-" + new string('a', 64), ReferrersTag.For(Digest.Parse("sha256:" + new string('a', 64))));
    }
}

/// <summary>The referrers API path, on a registry that has it (<see cref="ReferrersApiFront"/> over docker-registry).</summary>
[TestClass]
[TestCategory("Registry")]
public sealed class ReferrersApiTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Attach_OnARegistryWithTheReferrersApi_WritesNoFallbackTag_AndTheApiListsIt()
    {
        await using ReferrersApiFront front = await ReferrersApiFront.StartAsync(TestEnvironment.Registry);
        using var client = new RegistryClient(front.Address, new RegistryClientOptions { InsecureRegistries = [] });
        string repository = $"modelcar-tests/referrers-api-{Guid.NewGuid():N}";
        using var model = new TestModel(largeFileSize: 64 * 1024);

        PublishResult result = await RegistryReferrersTests.PublishAsync(new RegistryImageTarget(client, repository), model, TestContext.CancellationToken,
            RegistryReferrersTests.Note("first"), RegistryReferrersTests.Note("second"));

        // The registry took the subject: no fallback tag was written (read straight from docker-registry with skopeo).
        JsonArray tags = JsonNode.Parse(ProcessRunner.Run("skopeo", "list-tags", "--tls-verify=false", $"docker://{TestEnvironment.Registry}/{repository}").StandardOutput)!["Tags"]!.AsArray();
        CollectionAssert.AreEqual(new[] { "1.0" }, tags.Select(t => (string?)t).ToArray());

        // The API lists both, asked over plain HTTP.
        using var http = new HttpClient();
        JsonNode listing = JsonNode.Parse(await http.GetStringAsync($"http://{front.Address}/v2/{repository}/referrers/{result.Manifest.Digest}", TestContext.CancellationToken))!;
        CollectionAssert.AreEquivalent(result.Referrers.Select(r => r.Digest.ToString()).ToArray(),
            listing["manifests"]!.AsArray().Select(m => (string?)m!["digest"]).ToArray());
        var read = await new RegistryReferrers(client, repository).ListReferrersAsync(result.Manifest, TestContext.CancellationToken);
        CollectionAssert.AreEquivalent(new[] { "first", "second" }, read.Select(r => r.Annotations!["org.example.note"]).ToArray());
        Assert.IsTrue(await new RegistryReferrers(client, repository).SupportsReferrersApiAsync(result.Manifest, TestContext.CancellationToken));
        JsonObject referrer = ImageTools.Inspect($"docker://{TestEnvironment.Registry}/{repository}@{result.Referrers[0].Digest}", raw: true);
        Assert.AreEqual(result.Manifest.Digest.ToString(), (string?)referrer["subject"]!["digest"]);
    }
}
