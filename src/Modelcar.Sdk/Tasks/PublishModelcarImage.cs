using Microsoft.Build.Framework;
using Modelcar.Publishing;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// <c>dotnet publish</c>: builds the modelcar on its base and pushes it to <c>ContainerRegistry</c>, or
/// writes an OCI archive when no registry is set; then records what was published in <c>image.json</c>.
/// The flow is <see cref="PublishFlow"/>; this task maps the properties onto its options and its result onto outputs.
/// </summary>
public sealed partial class PublishModelcarImage : ModelcarImageTask
{
    /// <summary>Where the OCI archive goes when <c>ContainerRegistry</c> is empty.</summary>
    public string? ArchiveOutputPath { get; set; }

    [Required]
    public string ImageJsonPath { get; set; } = "";

    /// <summary>ModelcarParallelism: how many layers upload at once; 0 sizes it to the machine (text, read by the flow).</summary>
    public string? Parallelism { get; set; }

    /// <summary>
    /// The JSON file that remembers each model layer's digest by its files' path, size and mtime, so that an
    /// unchanged model republishes with metadata requests only. Empty: no cache, every layer is read.
    /// </summary>
    public string? DigestCachePath { get; set; }

    /// <summary>
    /// <c>ContainerRuntimeIdentifiers</c>: several platforms (<c>linux-x64;linux-arm64</c>) make a multi-platform
    /// modelcar, one index over the same model layers. Empty: the one <c>ContainerRuntimeIdentifier</c>.
    /// </summary>
    public string? ContainerRuntimeIdentifiers { get; set; }

    /// <summary><c>KServeStorageMode</c>: <c>oci</c> (classic, needs a shell in the base) or <c>oci+native</c> (no base needed).</summary>
    public string? StorageMode { get; set; }

    /// <summary>Skips the check that a classic-mode base has sh, ln, sleep, ls and mkdir.</summary>
    public string? SkipBaseImageCheck { get; set; }

    /// <summary>The JSON file that remembers, by base manifest digest, what the check found. Empty: remember nothing.</summary>
    public string? BaseImageCheckCachePath { get; set; }
    /// <summary>Retries of a failing registry request or upload (ModelcarRegistryRetries); empty keeps the default.</summary>
    public string? RegistryRetries { get; set; }

    /// <summary>Seconds after which no retry starts (ModelcarRegistryRetryTimeout).</summary>
    public string? RegistryRetryTimeout { get; set; }

    /// <summary>Seconds a request may move no byte before it is aborted and retried (ModelcarRegistryNoProgressTimeout).</summary>
    public string? RegistryNoProgressTimeout { get; set; }

    /// <summary>ModelcarRegistryCaBundle: a PEM file of CAs trusted on top of the system store; empty reads MODELCAR_REGISTRY_CA_BUNDLE.</summary>
    public string? RegistryCaBundle { get; set; }

    /// <summary>ModelcarModelPack: also attach a CNCF ModelPack manifest over the same layer blobs (an OCI 1.1 referrer).</summary>
    public bool ModelPack { get; set; }

    /// <summary>ModelcarAttestations: attach in-toto statements (SLSA provenance, the model-signing manifest) as referrers.</summary>
    public bool Attestations { get; set; }

    public string? RepositoryUrl { get; set; }
    public string? SourceRevisionId { get; set; }

    /// <summary>The pushed image by digest, with its first tag kept for humans: <c>registry/repo:tag@sha256:…</c>.</summary>
    [Output]
    public string ImageReference { get; private set; } = "";

    [Output]
    public string ImageDigest { get; private set; } = "";

    [Output]
    public string ArchivePath { get; private set; } = "";

    [Output]
    public long ImageSize { get; private set; }

    protected override async Task ExecuteAsync(IModelcarLog log, CancellationToken cancellationToken)
    {
        PublishedImage published = await PublishFlow.PublishAsync(Options(), log, cancellationToken);
        SetResolvedOutputs(published.Settings);
        ImageReference = published.Reference.ToString();
        ImageDigest = published.Digest.ToString();
        ImageSize = published.Size;
        ArchivePath = published.ArchivePath;
        SigningIdentity = published.Signer?.ToString() ?? "";
    }

    private PublishOptions Options() => new()
    {
        Image = ImageOptions(),
        ArchiveOutputPath = ArchiveOutputPath,
        ImageJsonPath = ImageJsonPath,
        Parallelism = Parallelism,
        DigestCachePath = DigestCachePath,
        ContainerRuntimeIdentifiers = ContainerRuntimeIdentifiers,
        StorageMode = StorageMode,
        SkipBaseImageCheck = SkipBaseImageCheck,
        BaseImageCheckCachePath = BaseImageCheckCachePath,
        RegistryRetries = RegistryRetries,
        RegistryRetryTimeout = RegistryRetryTimeout,
        RegistryNoProgressTimeout = RegistryNoProgressTimeout,
        RegistryCaBundle = RegistryCaBundle,
        ModelPack = ModelPack,
        Attestations = Attestations,
        RepositoryUrl = RepositoryUrl,
        SourceRevisionId = SourceRevisionId,
        Signing = SigningOptions(),
    };
}
