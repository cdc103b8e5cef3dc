namespace Modelcar.Publishing;

/// <summary>What a publish needs beyond <see cref="ImageOptions"/>: where the image goes, how, and what is attached to it.</summary>
public sealed record PublishOptions
{
    public required ImageOptions Image { get; init; }

    /// <summary>Where the OCI archive goes when <c>ContainerRegistry</c> is empty.</summary>
    public string? ArchiveOutputPath { get; init; }

    /// <summary>Where image.json, the record of what was published, is written.</summary>
    public required string ImageJsonPath { get; init; }

    /// <summary>ModelcarParallelism: how many layers upload at once; 0 sizes it to the machine.</summary>
    public string? Parallelism { get; init; }

    /// <summary>The layer digest cache (by files' path, size and mtime); empty: no cache, every layer is read.</summary>
    public string? DigestCachePath { get; init; }

    /// <summary>ContainerRuntimeIdentifiers: several platforms make one index over the same model layers.</summary>
    public string? ContainerRuntimeIdentifiers { get; init; }

    /// <summary>KServeStorageMode: oci (classic, needs a shell in the base) or oci+native (no base needed).</summary>
    public string? StorageMode { get; init; }

    /// <summary>ModelcarSkipBaseImageCheck (a bool as text).</summary>
    public string? SkipBaseImageCheck { get; init; }

    /// <summary>What the classic-mode base check found, by base manifest digest; empty: remember nothing.</summary>
    public string? BaseImageCheckCachePath { get; init; }

    public string? RegistryRetries { get; init; }
    public string? RegistryRetryTimeout { get; init; }
    public string? RegistryNoProgressTimeout { get; init; }

    /// <summary>ModelcarRegistryCaBundle: CAs trusted for registries only, when ModelcarCaBundle is empty.</summary>
    public string? RegistryCaBundle { get; init; }

    /// <summary>ModelcarModelPack: also attach a CNCF ModelPack manifest over the same layer blobs.</summary>
    public bool ModelPack { get; init; }

    /// <summary>ModelcarAttestations: attach in-toto statements (SLSA provenance, the model-signing manifest).</summary>
    public bool Attestations { get; init; }

    public string? RepositoryUrl { get; init; }
    public string? SourceRevisionId { get; init; }

    public SigningOptions Signing { get; init; } = new();
}
