using Modelcar.Attestations.ModelPack;
using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Referrers;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Attestations.Tests;

/// <summary>Publishes a small modelcar on scratch with the ModelPack view and the unsigned statements attached, as the SDK task does.</summary>
internal static class Publishing
{
    public static RegistryClient Client(string registry) => new(registry, new RegistryClientOptions { InsecureRegistries = [] });

    public static string NewRepository(string name) => $"modelcar-tests/attest-{name}-{Guid.NewGuid():N}";

    public static AttestationInputs Inputs(PublishedModelcar image) => new()
    {
        Image = image,
        ImageName = "127.0.0.1/acme/model",
        ModelName = "model",
        ProjectPath = "models/model.modelproj",
        Properties = new Dictionary<string, string> { ["ContainerRepository"] = "acme/model" },
        SdkVersion = "1.2.3",
        Builder = new BuilderIdentity(BuilderIdentity.LocalBuilderId, null),
    };

    /// <summary>The ModelPack view, then SLSA provenance and the model-signing manifest, unsigned.</summary>
    public static ReferrerProducer Everything(bool modelPack = true, bool statements = true) => (image, _) =>
    {
        var artifacts = new List<ReferrerArtifact>();
        if (modelPack) artifacts.Add(ModelPackView.Build(image, new ModelPackInfo("model") { Version = "1.0", CreatedAt = DateTimeOffset.UnixEpoch }));
        if (statements)
        {
            artifacts.Add(SlsaProvenance.Build(Inputs(image)).ToUnsignedArtifact("SLSA provenance"));
            artifacts.Add(ModelSigningManifest.Build("model", image.Files).ToUnsignedArtifact("model-signing manifest"));
        }
        return Task.FromResult<IReadOnlyList<ReferrerArtifact>>(artifacts);
    };

    public static ModelcarImageRequest Request(IReadOnlyList<PlannedLayer> layers, params ReferrerProducer[] producers) => new()
    {
        Base = BaseImage.Scratch(Platform.Parse("linux/amd64")),
        Layers = layers,
        User = "1010",
        Tags = ["1.0"],
        ReferrerProducers = producers,
    };

    public static Task<PublishResult> PublishAsync(IImageTarget target, ModelcarImageRequest request, CancellationToken ct) =>
        new ModelcarPublisher(NullModelcarLog.Instance).PublishAsync(request, target, ct);

    /// <summary>A blob straight from the registry's HTTP API (not through our client), checked against its digest.</summary>
    public static async Task<byte[]> ReadBlobAsync(string repository, string digest, CancellationToken ct)
    {
        using var http = new HttpClient();
        byte[] bytes = await http.GetByteArrayAsync($"http://{TestEnvironment.Registry}/v2/{repository}/blobs/{digest}", ct);
        Assert.AreEqual(digest, "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        return bytes;
    }
}
