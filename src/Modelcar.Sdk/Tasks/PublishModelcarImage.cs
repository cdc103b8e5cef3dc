using Microsoft.Build.Framework;
using Modelcar.KServe;
using Modelcar.Oci.Build;
using Modelcar.Oci.Layout;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Registry;
using Modelcar.Sdk.Properties;
using Modelcar.Sdk.Referrers;
using Modelcar.Sdk.Sources;
using Modelcar.Oci.Registry.Credentials;
using Modelcar.Oci.Registry.Tls;
using Modelcar.Oci.Registry.Retry;
using Modelcar.Sources;
using Modelcar.Sources.Remote;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// <c>dotnet publish</c>: builds the modelcar on its base and pushes it to <c>ContainerRegistry</c>, or
/// writes an OCI archive when no registry is set; then records what was published in <c>image.json</c>.
/// </summary>
public sealed partial class PublishModelcarImage : ModelcarImageTask
{
    /// <summary>Where the OCI archive goes when <c>ContainerRegistry</c> is empty.</summary>
    public string? ArchiveOutputPath { get; set; }

    [Required]
    public string ImageJsonPath { get; set; } = "";

    /// <summary>ModelcarParallelism: how many layers upload at once; 0 sizes it to the machine (text, read by <see cref="PropertyValue"/>).</summary>
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

    protected override System.Security.Cryptography.X509Certificates.X509Certificate2Collection? TrustedRoots() =>
        _trustedRoots ??= Modelcar.Oci.Registry.Tls.TrustedCaBundle.Resolve(TrustedCaBundle, RegistryCaBundle);

    private System.Security.Cryptography.X509Certificates.X509Certificate2Collection? _trustedRoots;

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
        ImageSettings settings = ResolveSettings();
        RetryOptions retry = RetryOptions.FromProperties(RegistryRetries, RegistryRetryTimeout, RegistryNoProgressTimeout);
        // Every setting is read before the first request, so a bad one leaves the registry untouched.
        int parallelism = ProjectSettings.UploadParallelism(Parallelism);
        bool skipBaseImageCheck = PropertyValue.Bool(SkipBaseImageCheck, "ModelcarSkipBaseImageCheck");
        var trustedRoots = TrustedRoots();
        OciMode mode = ImageSettings.ParseStorageMode(StorageMode);
        if (mode == OciMode.Modelcar && !settings.HasBase)
        {
            throw new ModelcarException(ErrorCodes.ClassicModeNeedsBaseImage,
                $"ContainerBaseImage is '{(string.IsNullOrWhiteSpace(ContainerBaseImage) ? "" : ContainerBaseImage.Trim())}' (no base image), but KServeStorageMode is 'oci': KServe's classic modelcar runs 'sh -c' with ln, sleep, ls and mkdir inside the image, and an image without a base has no shell. " +
                "Either set KServeStorageMode=oci+native (KServe 0.20+ mounts the image as a volume; no shell needed), or set ContainerBaseImage to an image with a shell, such as busybox.");
        }
        var clients = new Dictionary<string, RegistryClient>(StringComparer.Ordinal);
        RegistryClient ClientFor(string registry) =>
            clients.TryGetValue(registry, out RegistryClient? client) ? client : clients[registry] = new RegistryClient(registry, new RegistryClientOptions
            {
                Log = log,
                // The destination's credentials never go to the base image's registry (see docs/credentials.md).
                Credentials = CredentialChain.Default(registry == settings.Registry ? RegistryRole.Push : RegistryRole.Pull, log),
                ExtraTrustedRoots = trustedRoots,
                Retry = retry,
            });

        try
        {
            // oci:// sources first: their files take part in the one-file-per-path check with the others. Model layers
            // are platform-independent, so the first platform's resolution serves every platform.
            IReadOnlyList<Platform> platforms = ImageSettings.ParsePlatforms(ContainerRuntimeIdentifiers) ?? [settings.Platform];
            string sourceCache = string.IsNullOrWhiteSpace(SourceCache) ? DownloadCacheLocation.Default(Environment.GetEnvironmentVariable) : Path.GetFullPath(SourceCache, ProjectDirectory);
            IReadOnlyList<InheritedModelImage> inherited = await OciModelSourceItems.ResolveAsync(ModelSources, platforms[0], ClientFor, sourceCache, log, cancellationToken);
            IReadOnlyList<ResolvedModelFile> files = await ResolveFilesAsync(log, listOnly: false, cancellationToken, OciModelSourceItems.FilesOf(inherited));
            IReadOnlyList<BaseImage> bases = await ResolveBasesAsync(settings, platforms, ClientFor, cancellationToken);
            foreach (BaseImage platformBase in bases) await CheckBaseImageAsync(platformBase, mode, skipBaseImageCheck, log, cancellationToken);
            BaseImage baseImage = bases[0];
            PublishReferrers referrers = PublishReferrersFactory.For(this, settings, bases, files, string.IsNullOrWhiteSpace(SourceDateEpoch) ? null : DateTimeOffset.FromUnixTimeSeconds(Epoch));
            AddSigning(referrers, log);

            var request = new ModelcarImageRequest
            {
                Base = baseImage,
                AdditionalBases = bases.Skip(1).ToList(),
                Layers = PlanLayers(files, bases.Max(b => b.Layers.Count) + inherited.Sum(i => i.Layers.Count)),
                InheritedLayers = [.. inherited.SelectMany(i => i.Layers)],
                User = settings.User,
                Labels = ConfigLabels,
                Environment = ConfigEnvironment,
                Tags = settings.Tags,
                Annotations = SourceProvenanceRecord.AddAnnotations(Annotations(settings, baseImage), files),
                Created = DateTimeOffset.FromUnixTimeSeconds(Epoch),
                Parallelism = parallelism > 0 ? parallelism : Math.Max(4, Environment.ProcessorCount),
                ReferrerProducers = referrers.Producers(),
            };

            // Only a registry can answer "do you have this blob?"; an archive needs the bytes every time.
            LayerDigestCache? digestCache = settings.PushesToRegistry && !string.IsNullOrWhiteSpace(DigestCachePath)
                ? LayerDigestCache.Load(DigestCachePath, log)
                : null;
            // The archive's size is known up front: a disk without room fails now, naming the numbers, before a byte is written.
            if (!settings.PushesToRegistry) ArchiveOutputErrors.CheckFreeSpace(ArchiveOutputPath!, ArchiveSize.Estimate(request));
            await using IImageTarget target = settings.PushesToRegistry
                ? new RegistryImageTarget(ClientFor(settings.Registry), settings.Repository, digestCache, log)
                : await OciArchiveTarget.CreateAsync(ArchiveOutputPath!, settings.Name, Epoch, cancellationToken, log);
            var publisher = new ModelcarPublisher(log) { ProgressInterval = Logging.ProgressInterval.FromEnvironment(Environment.GetEnvironmentVariable, log) };
            PublishResult result = await publisher.PublishAsync(request, target, cancellationToken);
            digestCache?.Save();

            ImageReference published = settings.Name.WithDigest(result.Manifest.Digest);
            ImageReference = published.ToString();
            ImageDigest = result.Manifest.Digest.ToString();
            ImageSize = result.Layers.Sum(l => l.Descriptor.Size) + result.Config.Size;
            ArchivePath = settings.PushesToRegistry ? "" : target.Description;
            ImageJson.Write(ImageJsonPath, published, settings, bases, result, LayerFileDigests.Fill(files, request.Layers), ArchivePath);
            RecordSigning(ImageJsonPath, result, log);
        }
        finally
        {
            foreach (RegistryClient client in clients.Values) client.Dispose();
        }
    }

    /// <summary>The base for each platform: from its registry, from a local layout or archive, or none (scratch).</summary>
    private async Task<IReadOnlyList<BaseImage>> ResolveBasesAsync(
        ImageSettings settings, IReadOnlyList<Platform> platforms, Func<string, RegistryClient> clientFor, CancellationToken cancellationToken)
    {
        if (settings.LocalBaseImage is not null)
        {
            (OciLayoutSource layout, string tag) = OciLayoutSource.Parse(settings.LocalBaseImage, ProjectDirectory);
            return await BaseImageResolver.ResolveAllAsync(layout, tag, platforms, cancellationToken);
        }
        if (settings.BaseImage is null) return [.. platforms.Select(BaseImage.Scratch)];
        var source = new RegistryImageSource(clientFor(settings.BaseImage.Registry), settings.BaseImage);
        return await BaseImageResolver.ResolveAllAsync(source, settings.BaseImage.ManifestReference, platforms, cancellationToken, settings.BaseImage);
    }

    /// <summary>Before any byte is pushed: a classic modelcar's base must hold what KServe runs in it.</summary>
    private async Task CheckBaseImageAsync(BaseImage baseImage, OciMode mode, bool skipBaseImageCheck, IModelcarLog log, CancellationToken cancellationToken)
    {
        if (mode != OciMode.Modelcar || baseImage.IsScratch) return;
        if (skipBaseImageCheck)
        {
            log.Info($"  not checking {baseImage.DisplayName} for {string.Join(", ", ClassicModeCommands.Required)} (ModelcarSkipBaseImageCheck=true)");
            return;
        }
        await BaseImageCommandCheck.EnsureClassicModeAsync(baseImage, BaseImageCommandCache.Load(BaseImageCheckCachePath), log, cancellationToken);
    }

    private Dictionary<string, string> Annotations(ImageSettings settings, BaseImage baseImage)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OciAnnotations.Title] = settings.Repository.Split('/')[^1],
        };
        if (!string.IsNullOrWhiteSpace(Version)) annotations[OciAnnotations.Version] = Version.Trim();
        if (!string.IsNullOrWhiteSpace(RepositoryUrl)) annotations[OciAnnotations.Source] = RepositoryUrl.Trim();
        if (!string.IsNullOrWhiteSpace(SourceRevisionId)) annotations[OciAnnotations.Revision] = SourceRevisionId.Trim();
        if (!string.IsNullOrWhiteSpace(SourceDateEpoch)) annotations[OciAnnotations.Created] = DateTimeOffset.FromUnixTimeSeconds(Epoch).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        if (baseImage.Reference is not null)
        {
            annotations[OciAnnotations.BaseName] = (baseImage.Reference with { Digest = null }).ToString();
            annotations[OciAnnotations.BaseDigest] = baseImage.ManifestDigest!.Value.ToString();
        }
        return annotations;
    }
}
