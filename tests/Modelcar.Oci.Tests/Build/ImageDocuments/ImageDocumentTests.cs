using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Build.ImageDocuments;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Tests.Build.ImageDocuments;

[TestClass]
public sealed class ImageDocumentTests
{
    private static readonly Digest BaseDiffId = Digest.ComputeSha256("base diff"u8);
    private static readonly Digest BaseLayerDigest = Digest.ComputeSha256("base layer"u8);

    private static Descriptor Layer(string seed, long size = 1024) =>
        new() { MediaType = MediaTypes.OciLayer, Digest = Digest.ComputeSha256(Encoding.UTF8.GetBytes(seed)), Size = size };

    private static BaseImage BaseWith(string runtimeConfig) => new()
    {
        Reference = ImageReference.Parse("127.0.0.1:5000/base/busybox:1.36"),
        ManifestDigest = Digest.ComputeSha256("manifest"u8),
        Platform = Platform.Parse("linux/amd64"),
        Layers = [new Descriptor { MediaType = MediaTypes.DockerLayerGzip, Digest = BaseLayerDigest, Size = 777, Annotations = new() { ["x"] = "y" } }],
        Config = JsonNode.Parse($$"""
            {"architecture":"amd64","os":"linux","created":"2024-01-01T00:00:00Z",
             "config":{{runtimeConfig}},
             "rootfs":{"type":"layers","diff_ids":["{{BaseDiffId}}"]},
             "history":[{"created":"2024-01-01T00:00:00Z","created_by":"ADD busybox /"}]}
            """)!.AsObject(),
    };

    private static JsonObject Parse(byte[] json) => JsonNode.Parse(json)!.AsObject();

    [TestMethod]
    public void Config_OnABase_SetsUserClearsEntrypointAndAppendsLayers()
    {
        BaseImage baseImage = BaseWith("""{"Env":["PATH=/bin"],"Entrypoint":["/bin/app"],"Cmd":["sh"],"User":"root"}""");
        string before = baseImage.Config!.ToJsonString();
        (Digest, string)[] layers = [(Layer("one").Digest, "COPY a /models/"), (Layer("two").Digest, "COPY 2 files /models/")];
        var created = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));

        JsonObject config = Parse(ImageConfigBuilder.Build(baseImage, "1010", layers, created, out bool cleared));

        Assert.IsTrue(cleared);
        Assert.AreEqual(before, baseImage.Config!.ToJsonString(), "the base's config is not changed");
        Assert.AreEqual("2025-03-04T03:06:07Z", (string?)config["created"]);
        JsonObject runtime = config["config"]!.AsObject();
        Assert.AreEqual("1010", (string?)runtime["User"]);
        Assert.IsFalse(runtime.ContainsKey("Entrypoint"));
        Assert.AreEqual("sh", (string?)runtime["Cmd"]![0]);
        Assert.AreEqual("PATH=/bin", (string?)runtime["Env"]![0]);
        CollectionAssert.AreEqual(
            new[] { BaseDiffId.ToString(), layers[0].Item1.ToString(), layers[1].Item1.ToString() },
            config["rootfs"]!["diff_ids"]!.AsArray().Select(d => (string?)d).ToArray());
        Assert.AreEqual("layers", (string?)config["rootfs"]!["type"]);

        JsonArray history = config["history"]!.AsArray();
        Assert.HasCount(4, history);
        Assert.AreEqual("ADD busybox /", (string?)history[0]!["created_by"]);
        Assert.AreEqual("COPY a /models/", (string?)history[1]!["created_by"]);
        Assert.AreEqual("COPY 2 files /models/", (string?)history[2]!["created_by"]);
        Assert.AreEqual("2025-03-04T03:06:07Z", (string?)history[1]!["created"]);
        Assert.AreEqual("ENTRYPOINT []", (string?)history[3]!["created_by"]);
        Assert.IsTrue((bool)history[3]!["empty_layer"]!);
        int nonEmptyHistory = history.Count(h => h!["empty_layer"] is null || !(bool)h["empty_layer"]!);
        Assert.AreEqual(config["rootfs"]!["diff_ids"]!.AsArray().Count, nonEmptyHistory, "history matches diff_ids, as the image spec asks");
    }

    [TestMethod]
    [DataRow("""{"Cmd":["sh"]}""")]
    [DataRow("""{"Entrypoint":[]}""")]
    [DataRow("""{"Entrypoint":null}""")]
    public void Config_WithoutAnEntrypoint_ReportsNothingCleared(string runtimeConfig)
    {
        JsonObject config = Parse(ImageConfigBuilder.Build(BaseWith(runtimeConfig), "1010", [(Layer("one").Digest, "COPY a /models/")], DateTimeOffset.UnixEpoch, out bool cleared));

        Assert.IsFalse(cleared);
        Assert.HasCount(2, config["history"]!.AsArray());
        Assert.IsFalse(config["config"]!.AsObject().ContainsKey("Entrypoint"));
    }

    [TestMethod]
    public void Config_ForScratch_HasPlatformRootfsAndHistory()
    {
        var scratch = BaseImage.Scratch(Platform.Parse("linux/arm64/v8"));
        Descriptor layer = Layer("one");

        JsonObject config = Parse(ImageConfigBuilder.Build(scratch, "1010", [(layer.Digest, "COPY a /models/")], DateTimeOffset.UnixEpoch, out bool cleared));

        Assert.IsFalse(cleared);
        Assert.IsTrue(scratch.IsScratch);
        Assert.AreEqual("arm64", (string?)config["architecture"]);
        Assert.AreEqual("linux", (string?)config["os"]);
        Assert.AreEqual("v8", (string?)config["variant"]);
        Assert.AreEqual("1970-01-01T00:00:00Z", (string?)config["created"]);
        Assert.AreEqual("1010", (string?)config["config"]!["User"]);
        Assert.AreEqual("layers", (string?)config["rootfs"]!["type"]);
        Assert.AreEqual(layer.Digest.ToString(), (string?)config["rootfs"]!["diff_ids"]![0]);
        Assert.HasCount(1, config["history"]!.AsArray());
    }

    [TestMethod]
    public void Config_IsByteStable()
    {
        BaseImage baseImage = BaseWith("""{"Entrypoint":["/bin/app"]}""");
        (Digest, string)[] layers = [(Layer("one").Digest, "COPY a /models/")];

        byte[] first = ImageConfigBuilder.Build(baseImage, "1010", layers, DateTimeOffset.UnixEpoch, out _);
        byte[] second = ImageConfigBuilder.Build(baseImage, "1010", layers, DateTimeOffset.UnixEpoch, out _);
        byte[] scratchA = ImageConfigBuilder.Build(BaseImage.Scratch(Platform.Parse("linux/amd64")), "0", layers, DateTimeOffset.UnixEpoch, out _);
        byte[] scratchB = ImageConfigBuilder.Build(BaseImage.Scratch(Platform.Parse("linux/amd64")), "0", layers, DateTimeOffset.UnixEpoch, out _);

        CollectionAssert.AreEqual(first, second);
        CollectionAssert.AreEqual(scratchA, scratchB);
        Assert.IsFalse(Encoding.UTF8.GetString(first).Contains('\n'), "compact JSON");
    }

    [TestMethod]
    public void Manifest_HasTheRequiredOciFields_AndMapsDockerLayerTypes()
    {
        BaseImage baseImage = BaseWith("{}");
        Descriptor model = Layer("model", 4096);
        var config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.ComputeSha256("config"u8), Size = 6 };
        var annotations = new Dictionary<string, string>
        {
            [OciAnnotations.Version] = "1.2.0",
            [OciAnnotations.BaseName] = "127.0.0.1:5000/base/busybox:1.36",
            [OciAnnotations.Created] = "1970-01-01T00:00:00Z",
        };

        byte[] bytes = OciJson.Serialize(ManifestBuilder.Build(baseImage, [model], config, annotations));
        JsonObject manifest = Parse(bytes);

        Assert.AreEqual(2, (int)manifest["schemaVersion"]!);
        Assert.AreEqual(MediaTypes.OciManifest, (string?)manifest["mediaType"]);
        Assert.AreEqual(MediaTypes.OciConfig, (string?)manifest["config"]!["mediaType"]);
        Assert.AreEqual(config.Digest.ToString(), (string?)manifest["config"]!["digest"]);
        Assert.AreEqual(6, (long)manifest["config"]!["size"]!);
        JsonArray layers = manifest["layers"]!.AsArray();
        Assert.HasCount(2, layers);
        Assert.AreEqual(MediaTypes.OciLayerGzip, (string?)layers[0]!["mediaType"], "Docker gzip layer becomes its OCI twin");
        Assert.AreEqual(BaseLayerDigest.ToString(), (string?)layers[0]!["digest"]);
        Assert.AreEqual(777, (long)layers[0]!["size"]!);
        Assert.IsNull(layers[0]!["annotations"], "the base's layer annotations are dropped");
        Assert.AreEqual(MediaTypes.OciLayer, (string?)layers[1]!["mediaType"]);
        Assert.AreEqual(model.Digest.ToString(), (string?)layers[1]!["digest"]);
        CollectionAssert.AreEqual(
            annotations.Keys.Order(StringComparer.Ordinal).ToArray(),
            manifest["annotations"]!.AsObject().Select(p => p.Key).ToArray(),
            "annotations are written in ordinal order");
        string text = Encoding.UTF8.GetString(bytes);
        StringAssert.Contains(text, "application/vnd.oci.image.layer.v1.tar+gzip", "'+' is not escaped");
        Assert.IsFalse(text.Contains("\\u"), text);
    }

    [TestMethod]
    public void Manifest_WithoutAnnotations_OmitsTheField()
    {
        var config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.ComputeSha256("c"u8), Size = 1 };

        JsonObject manifest = Parse(OciJson.Serialize(ManifestBuilder.Build(BaseImage.Scratch(Platform.Parse("linux/amd64")), [Layer("m")], config, new Dictionary<string, string>())));

        Assert.IsFalse(manifest.ContainsKey("annotations"));
        Assert.HasCount(1, manifest["layers"]!.AsArray());
    }

    [TestMethod]
    public void Manifest_SerializationIsByteStable_AndRoundTrips()
    {
        var config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.ComputeSha256("c"u8), Size = 1 };
        var annotations = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1", ["c"] = "3" };
        var reversed = annotations.Reverse().ToDictionary();

        byte[] first = OciJson.Serialize(ManifestBuilder.Build(BaseWith("{}"), [Layer("m")], config, annotations));
        byte[] second = OciJson.Serialize(ManifestBuilder.Build(BaseWith("{}"), [Layer("m")], config, reversed));
        ImageManifest read = OciJson.Deserialize<ImageManifest>(first, "manifest");

        CollectionAssert.AreEqual(first, second);
        CollectionAssert.AreEqual(first, OciJson.Serialize(read));
        Assert.AreEqual(Digest.ComputeSha256(first), Digest.ComputeSha256(OciJson.Serialize(read)));
    }

    [TestMethod]
    public void Index_HasTheRequiredFields()
    {
        var manifest = new Descriptor
        {
            MediaType = MediaTypes.OciManifest,
            Digest = Digest.ComputeSha256("m"u8),
            Size = 10,
            Platform = Platform.Parse("linux/arm64/v8"),
        };

        JsonObject index = Parse(OciJson.Serialize(new ImageIndex { Manifests = [manifest] }));

        Assert.AreEqual(2, (int)index["schemaVersion"]!);
        Assert.AreEqual(MediaTypes.OciIndex, (string?)index["mediaType"]);
        JsonObject entry = index["manifests"]![0]!.AsObject();
        Assert.AreEqual("arm64", (string?)entry["platform"]!["architecture"]);
        Assert.AreEqual("linux", (string?)entry["platform"]!["os"]);
        Assert.AreEqual("v8", (string?)entry["platform"]!["variant"]);
        Assert.IsFalse(index.ContainsKey("annotations"));
    }

    [TestMethod]
    public void Deserialize_InvalidDocument_IsAProtocolError()
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() => OciJson.Deserialize<ImageManifest>("""{"schemaVersion":2,"config":{"mediaType":"x","digest":"md5:1","size":1},"layers":[]}"""u8, "manifest"));

        Assert.AreEqual(ErrorCodes.RegistryProtocolError, e.Code);
    }

    [TestMethod]
    [DataRow(MediaTypes.DockerLayerGzip, MediaTypes.OciLayerGzip)]
    [DataRow(MediaTypes.DockerLayer, MediaTypes.OciLayer)]
    [DataRow(MediaTypes.OciLayerZstd, MediaTypes.OciLayerZstd)]
    [DataRow("application/vnd.example.custom", "application/vnd.example.custom")]
    public void ToOciLayer_MapsDockerTypes(string mediaType, string expected) =>
        Assert.AreEqual(expected, MediaTypes.ToOciLayer(mediaType));
}
