namespace Modelcar.Oci.Registry.Limits;

/// <summary>
/// The documented limits of the registries people push models to, by host. Every row names its source; docs/layers.md
/// holds the same table. Where a vendor documents no limit the row says so with nulls, and a host that matches no row
/// (a self-hosted Harbor, a local registry) gets no check at all. <c>ModelcarRegistryMaxLayerSize</c> overrides the
/// layer size for any registry.
/// </summary>
public static class RegistryLimits
{
    private const long MiB = 1024L * 1024;
    private const long GiB = 1024L * MiB;

    // GitHub documents "10 GB" per layer and a 10-minute upload timeout for the Container registry
    // (docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry).
    // GB is taken as 10^9 bytes, the smaller reading, so that nothing the check lets through is refused.
    public static readonly RegistryLimit Ghcr = new("GitHub Container Registry (ghcr.io)", 10_000_000_000, null, TimeSpan.FromMinutes(10),
        "https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry");

    // Amazon ECR service quotas: "Maximum layer size: 52,000 (MiB)", not adjustable. (Layer parts of 5-20 MiB, at most
    // 4,200, apply to ECR's own multipart API; the OCI chunked upload is already sized for them in ChunkSizing.)
    public static readonly RegistryLimit Ecr = new("Amazon ECR", 52_000 * MiB, null, null,
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html");

    // Amazon ECR Public service quotas: "Maximum layer size: 10,000" (MiB, as the other size rows of that table).
    public static readonly RegistryLimit EcrPublic = new("Amazon ECR Public (public.ecr.aws)", 10_000 * MiB, null, null,
        "https://docs.aws.amazon.com/AmazonECR/latest/public/public-service-quotas.html");

    // Azure Container Registry SKU limits: "Maximum image layer size (GiB): 200" in Basic, Standard and Premium.
    public static readonly RegistryLimit Acr = new("Azure Container Registry", 200 * GiB, null, null,
        "https://learn.microsoft.com/azure/container-registry/container-registry-skus");

    // Google Container Registry (gcr.io, now served by Artifact Registry): "Any request sent to a Container Registry
    // host has a 2 hour timeout limit." No layer size limit is documented.
    public static readonly RegistryLimit Gcr = new("Google Container Registry (gcr.io)", null, null, TimeSpan.FromHours(2),
        "https://cloud.google.com/container-registry/quotas");

    // Artifact Registry's quotas page lists request rates and no layer size or upload-time limit.
    public static readonly RegistryLimit ArtifactRegistry = new("Google Artifact Registry", null, null, null,
        "https://cloud.google.com/artifact-registry/quotas");

    // Docker's documentation states pull rate limits and storage, and no per-layer size or layer count.
    public static readonly RegistryLimit DockerHub = new("Docker Hub", null, null, null,
        "https://docs.docker.com/docker-hub/usage/");

    // Red Hat's Quay.io documentation states no per-layer size limit.
    public static readonly RegistryLimit Quay = new("Quay.io", null, null, null,
        "https://docs.quay.io/");

    /// <summary>Every row, for docs and tests. Harbor is self-hosted (any host) and documents no limit, so it has none.</summary>
    public static IReadOnlyList<RegistryLimit> All { get; } = [Ghcr, DockerHub, Ecr, EcrPublic, Acr, Quay, ArtifactRegistry, Gcr];

    /// <summary>The limits of the registry at <paramref name="registry"/> (a host, with an optional port); null when unknown.</summary>
    public static RegistryLimit? For(string? registry)
    {
        if (string.IsNullOrWhiteSpace(registry)) return null;
        string host = InsecureRegistryPolicy.HostOf(registry.Trim()).ToLowerInvariant();
        return host switch
        {
            "ghcr.io" => Ghcr,
            "docker.io" or "registry-1.docker.io" or "index.docker.io" => DockerHub,
            "public.ecr.aws" => EcrPublic,
            "quay.io" => Quay,
            "gcr.io" => Gcr,
            _ when host.EndsWith(".gcr.io", StringComparison.Ordinal) => Gcr,
            _ when host.EndsWith("-docker.pkg.dev", StringComparison.Ordinal) => ArtifactRegistry,
            _ when host.Contains(".dkr.ecr.", StringComparison.Ordinal) && (host.EndsWith(".amazonaws.com", StringComparison.Ordinal) || host.EndsWith(".amazonaws.com.cn", StringComparison.Ordinal)) => Ecr,
            _ when host.EndsWith(".azurecr.io", StringComparison.Ordinal) || host.EndsWith(".azurecr.cn", StringComparison.Ordinal) || host.EndsWith(".azurecr.us", StringComparison.Ordinal) => Acr,
            _ => null,
        };
    }
}
