using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Json.Schema;
using Modelcar.Attestations.ModelPack;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Tests.Faults;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Attestations.Tests;

/// <summary>
/// The ModelPack view pushed beside a modelcar on the real docker-registry, behind a recording proxy: read back
/// with skopeo and plain HTTP, its config validated against the model-spec's own JSON Schema.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class ModelPackViewTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task ModelPackView_SharesTheModelcarsLayerBlobs_UploadsOnlyItsConfig_AndValidatesAgainstTheSpec()
    {
        var requests = new ConcurrentQueue<ProxiedRequest>();
        await using var proxy = new FaultProxy(TestEnvironment.Registry, r => { requests.Enqueue(r); return Fault.Pass; });
        using RegistryClient client = Publishing.Client(proxy.Address);
        string repository = Publishing.NewRepository("modelpack");
        using var model = new TestModel(textFiles: true);

        PublishResult result = await Publishing.PublishAsync(new RegistryImageTarget(client, repository), Publishing.Request(model.Plan(), Publishing.Everything(statements: false)), Ct);

        string image = $"docker://{TestEnvironment.Registry}/{repository}";
        JsonObject modelcar = ImageTools.Inspect($"{image}:1.0", raw: true);
        string?[] modelcarLayers = [.. modelcar["layers"]!.AsArray().Select(l => (string?)l!["digest"])];
        JsonObject fallback = ImageTools.Inspect($"{image}:sha256-{result.Manifest.Digest.Encoded}", raw: true);
        JsonNode entry = fallback["manifests"]!.AsArray().Single()!;
        Assert.AreEqual(ModelPackMediaTypes.ArtifactType, (string?)entry["artifactType"]);
        JsonObject view = ImageTools.Inspect($"{image}@{entry["digest"]}", raw: true);

        // The spec's manifest: artifactType, config type, subject; layers are the modelcar's, in order.
        Assert.AreEqual(MediaTypes.OciManifest, (string?)view["mediaType"]);
        Assert.AreEqual("application/vnd.cncf.model.manifest.v1+json", (string?)view["artifactType"]);
        Assert.AreEqual("application/vnd.cncf.model.config.v1+json", (string?)view["config"]!["mediaType"]);
        Assert.AreEqual(result.Manifest.Digest.ToString(), (string?)view["subject"]!["digest"]);
        JsonArray layers = view["layers"]!.AsArray();
        CollectionAssert.AreEqual(modelcarLayers, layers.Select(l => (string?)l!["digest"]).ToArray());
        IReadOnlySet<string> specTypes = SharedData.ModelPackMediaTypes();
        foreach (JsonNode? layer in layers)
        {
            Assert.Contains((string)layer!["mediaType"]!, specTypes);
        }
        // The one-file layer of the weights names its file; its type says weights.
        JsonNode weights = layers.Single(l => (string?)l!["annotations"]?["org.cncf.model.filepath"] == "model.safetensors")!;
        Assert.AreEqual("application/vnd.cncf.model.weight.v1.tar", (string?)weights["mediaType"]);

        // The config validates against the model-spec's config-schema.json, and its diffIds are the layers' (plain tar: the same digests).
        byte[] config = await Publishing.ReadBlobAsync(repository, (string)view["config"]!["digest"]!, Ct);
        JsonSchema schema = JsonSchema.FromFile(SharedData.ModelPackFile("config-schema.json"));
        EvaluationResults validation = schema.Evaluate(JsonNode.Parse(config), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.IsTrue(validation.IsValid, string.Join("\n", validation.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        JsonNode parsed = JsonNode.Parse(config)!;
        CollectionAssert.AreEqual(modelcarLayers, parsed["modelfs"]!["diffIds"]!.AsArray().Select(d => (string?)d).ToArray());
        Assert.AreEqual("model", (string?)parsed["descriptor"]!["name"]);

        // The upload log: every model layer went up once; after them, only small blobs (image config, ModelPack config).
        string[] finished = [.. requests.Where(r => r.Method == "PUT" && r.IsUpload).Select(r => UploadedDigest(r.Path))];
        foreach (string? layer in modelcarLayers)
        {
            Assert.AreEqual(1, finished.Count(d => d == layer), $"{layer} uploaded once; uploads: {string.Join(", ", finished)}");
        }
        Assert.HasCount(modelcarLayers.Length + 2, finished, string.Join(", ", finished));
        CollectionAssert.Contains(finished, (string?)view["config"]!["digest"]);
        long layerBytes = modelcar["layers"]!.AsArray().Sum(l => (long)l!["size"]!);
        long sent = requests.Where(r => r.IsUpload).Sum(r => r.ContentLength);
        Assert.IsLessThan(layerBytes + 8 * 1024, sent, $"bytes sent {sent} against {layerBytes} of layers: nothing but small blobs besides them");
    }

    private static string UploadedDigest(string path) =>
        Uri.UnescapeDataString(path[(path.IndexOf("digest=", StringComparison.Ordinal) + "digest=".Length)..].Split('&')[0]);
}
