using System.Text.Json;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// <c>oci://</c> model sources: a modelcar published by one project is re-based, extended and re-published by
/// another, through the real registry, and read back with skopeo and umoci (which checks every diff_id).
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class OciSourceTests
{
    private static readonly Lazy<SourceModelcar> Source = new(PublishSource, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Modelcar A, on the busybox base with an entrypoint: what the other projects take their model from.</summary>
    private sealed record SourceModelcar(string Uri, string Digest, Dictionary<string, string> Files, IReadOnlyList<string> ModelLayerDigests);

    private static SourceModelcar PublishSource()
    {
        string registry = TestEnvironment.Registry;
        string repository = "e2e/ocisrc-a-" + Guid.NewGuid().ToString("N")[..8];
        var project = new ModelProject("source-a", $"""
                <ContainerRegistry>{registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImageWithEntrypoint}</ContainerBaseImage>
                <Version>1.0.0</Version>
                <KServeModelFormat>huggingface</KServeModelFormat>
            """);
        var files = ModelFiles.AddTypicalModel(project);
        project.Publish().EnsureSuccess("dotnet publish of modelcar A");
        var published = new PublishedImage(project);
        var modelLayers = published.ImageJson.RootElement.GetProperty("layers").EnumerateArray()
            .Where(l => !l.GetProperty("base").GetBoolean())
            .Select(l => l.GetProperty("digest").GetString()!)
            .ToList();
        return new SourceModelcar($"oci://{registry}/{repository}:1.0.0", published.Digest, files, modelLayers);
    }

    [TestMethod]
    public void Publish_ReBasesAModelcarAndAddsAFile_MountingItsModelLayers()
    {
        SourceModelcar a = Source.Value;
        string registry = TestEnvironment.Registry;
        string repository = "e2e/ocisrc-b-" + Guid.NewGuid().ToString("N")[..8];
        var project = new ModelProject("rebased-b", $"""
                <ContainerRegistry>{registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
                <Version>2.0.0</Version>
                <KServeModelFormat>huggingface</KServeModelFormat>
            """, $"""<ModelSource Include="{a.Uri}" />""");
        string extra = project.AddRandomFile("generation_config.json", 300);

        ProcessResult publish = project.Publish().EnsureSuccess("dotnet publish of B");

        var published = new PublishedImage(project);
        JsonElement[] layers = published.ImageJson.RootElement.GetProperty("layers").EnumerateArray().ToArray();
        JsonElement[] inherited = layers.Where(l => l.GetProperty("description").GetString()!.Contains(a.Uri)).ToArray();
        CollectionAssert.AreEqual(a.ModelLayerDigests.ToList(), inherited.Select(l => l.GetProperty("digest").GetString()).ToList(), "A's model layers, in A's order");
        foreach (JsonElement layer in inherited)
        {
            Assert.AreEqual("mounted", layer.GetProperty("outcome").GetString(), $"{layer}: same registry, so mounted, not uploaded");
        }
        StringAssert.Contains(publish.Output, "inherited model layer");

        // The manifests themselves: B = B's base layers, then A's model layers (same digests), then one new layer.
        List<string> baseDigests = ManifestLayers($"docker://{TestEnvironment.BaseImage}");
        List<string> bLayers = ManifestLayers($"docker://{registry}/{repository}@{published.Digest}");
        CollectionAssert.AreEqual(baseDigests, bLayers.Take(baseDigests.Count).ToList(), "B starts with its own base");
        CollectionAssert.AreEqual(a.ModelLayerDigests.ToList(), bLayers.Skip(baseDigests.Count).Take(a.ModelLayerDigests.Count).ToList(), "then A's model layers, unchanged");
        Assert.AreEqual(baseDigests.Count + a.ModelLayerDigests.Count + 1, bLayers.Count, "then one new layer for the added file");
        List<string> aLayers = ManifestLayers($"docker://{a.Uri["oci://".Length..]}");
        CollectionAssert.IsSubsetOf(a.ModelLayerDigests.ToList(), aLayers);

        var image = ImageReader.Unpack($"docker://{registry}/{repository}@{published.Digest}");
        ModelFiles.AssertModelsMatch(image, new Dictionary<string, string>(a.Files) { ["generation_config.json"] = extra });
        Assert.IsTrue(File.Exists(Path.Combine(image.RootFs, "bin", "busybox")), "B's base is under the model");

        // Where the model came from: the source URI and the manifest digest it resolved to.
        using JsonDocument manifest = RawManifest($"docker://{registry}/{repository}@{published.Digest}");
        JsonElement annotations = manifest.RootElement.GetProperty("annotations");
        Assert.AreEqual(a.Uri, annotations.GetProperty("io.modelcar.source.0").GetString());
        Assert.AreEqual(a.Digest, annotations.GetProperty("io.modelcar.source.0.revision").GetString());
        Assert.AreEqual(TestEnvironment.BaseImage, annotations.GetProperty("org.opencontainers.image.base.name").GetString());
        JsonElement source = published.ImageJson.RootElement.GetProperty("sources").EnumerateArray().Single();
        Assert.AreEqual(a.Uri, source.GetProperty("uri").GetString());
        Assert.AreEqual(a.Digest, source.GetProperty("revision").GetString());
    }

    [TestMethod]
    public void Publish_ToAnArchive_CopiesTheModelLayersBlobForBlob()
    {
        SourceModelcar a = Source.Value;
        // No ModelFile at all: the image is A's model on a new base, written to an archive (a promotion).
        var project = new ModelProject("promoted", $"""
                <ContainerRepository>acme/promoted</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
                <KServeModelFormat>huggingface</KServeModelFormat>
            """, $"""<ModelSource Include="{a.Uri}" />""");

        string cache = Path.Combine(project.Directory, "source-cache");

        ProcessResult first = project.Publish($"ModelcarSourceCache={cache}").EnsureSuccess("dotnet publish to an archive");

        StringAssert.Contains(first.Output, $"{a.ModelLayerDigests.Count} model layer(s)");
        Assert.IsFalse(first.Output.Contains(" 0 layer(s) read to list them", StringComparison.Ordinal), "a fresh cache knows no layer:\n" + first.Output);
        string archive = Path.Combine(project.PublishDirectory, "promoted.oci.tar");
        List<string> layers = ManifestLayers($"oci-archive:{archive}");
        CollectionAssert.AreEqual(a.ModelLayerDigests.ToList(), layers.TakeLast(a.ModelLayerDigests.Count).ToList(), "A's model layers, byte for byte, and no new layer");
        var image = ImageReader.Unpack($"oci-archive:{archive}");
        ModelFiles.AssertModelsMatch(image, a.Files);
        string digest = new PublishedImage(project).Digest;

        // The layers' classification is kept by digest: publishing again lists them without reading one.
        ProcessResult second = project.Publish($"ModelcarSourceCache={cache}").EnsureSuccess("second dotnet publish to an archive");
        StringAssert.Contains(second.Output, " 0 layer(s) read to list them");
        Assert.AreEqual(digest, new PublishedImage(project).Digest, "the same source gives the same image");
    }

    [TestMethod]
    public void Publish_FromAnImageThatIsNotAModelcar_FailsWithMODELCAR086()
    {
        ProcessResult publish = PublishExpectingFailure($"""<ModelSource Include="oci://{TestEnvironment.BaseImage}" />""");

        StringAssert.Contains(publish.Output, "error MODELCAR086");
        StringAssert.Contains(publish.Output, $"oci://{TestEnvironment.BaseImage}' is not a modelcar");
    }

    [TestMethod]
    public void Publish_FromAMissingImage_FailsWithMODELCAR026()
    {
        string missing = $"oci://{TestEnvironment.Registry}/e2e/ocisrc-missing-{Guid.NewGuid():N}:1.0";

        ProcessResult publish = PublishExpectingFailure($"""<ModelSource Include="{missing}" />""");

        StringAssert.Contains(publish.Output, "error MODELCAR026");
        StringAssert.Contains(publish.Output, $"'{missing}' does not exist");
    }

    [TestMethod]
    public void Build_WithTargetPathOnAnOciSource_FailsWithMODELCAR089()
    {
        string uri = $"oci://{TestEnvironment.Registry}/e2e/any:1.0";
        var project = new ModelProject("target-path", $"""
                <ContainerRegistry>{TestEnvironment.Registry}</ContainerRegistry>
                <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
            """, $"""<ModelSource Include="{uri}" TargetPath="granite/" />""");
        project.AddRandomFile("extra.json", 10);

        // Checked without a request, so plain `dotnet build` already reports it.
        ProcessResult build = project.Build();

        Assert.AreNotEqual(0, build.ExitCode, build.Output);
        StringAssert.Contains(build.Output, "error MODELCAR089");
        StringAssert.Contains(build.Output, $"'{uri}' has TargetPath='granite/'");
    }

    [TestMethod]
    public void Publish_WithAModelFileAtAPathTheSourceHas_FailsWithMODELCAR022NamingBoth()
    {
        SourceModelcar a = Source.Value;

        ProcessResult publish = PublishExpectingFailure($"""<ModelSource Include="{a.Uri}" />""", project => project.AddRandomFile("config.json", 10));

        StringAssert.Contains(publish.Output, "error MODELCAR022");
        StringAssert.Contains(publish.Output, "/models/config.json");
        StringAssert.Contains(publish.Output, a.Uri);
    }

    private static ProcessResult PublishExpectingFailure(string items, Action<ModelProject>? addFiles = null)
    {
        var project = new ModelProject("failing", $"""
                <ContainerRegistry>{TestEnvironment.Registry}</ContainerRegistry>
                <ContainerRepository>e2e/ocisrc-fail-{Guid.NewGuid().ToString("N")[..8]}</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
                <KServeModelFormat>huggingface</KServeModelFormat>
            """, items);
        (addFiles ?? (p => p.AddRandomFile("extra.json", 10)))(project);
        ProcessResult publish = project.Publish();
        Assert.AreNotEqual(0, publish.ExitCode, publish.Output);
        return publish;
    }

    /// <summary>The layer digests of a manifest, read raw with skopeo (the platform manifest for an index).</summary>
    private static List<string> ManifestLayers(string reference)
    {
        using JsonDocument manifest = RawManifest(reference);
        Assert.IsTrue(manifest.RootElement.TryGetProperty("layers", out JsonElement layers), $"{reference} is a single-platform manifest");
        return layers.EnumerateArray().Select(l => l.GetProperty("digest").GetString()!).ToList();
    }

    private static JsonDocument RawManifest(string reference) =>
        JsonDocument.Parse(ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--raw", reference]).EnsureSuccess($"skopeo inspect --raw {reference}").Output);
}
