using System.Security.Cryptography.X509Certificates;
using Modelcar.KServe;
using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Build.Inherited;
using Modelcar.Oci.Build.Layers;
using Modelcar.Oci.Layout;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Registry.Retry;
using Modelcar.Oci.Registry.Tls;
using Modelcar.Publishing.Properties;
using Modelcar.Publishing.Referrers;
using Modelcar.Publishing.Sources;
using Modelcar.Signing;
using Modelcar.Sources;

namespace Modelcar.Publishing;

/// <summary>
/// <c>dotnet publish</c> without MSBuild: resolve (settings, oci:// sources, model files, bases) → plan (layers) →
/// build and publish (<see cref="ModelcarPublisher"/>, to a registry, or to an OCI archive when no registry is set) →
/// describe (image.json). Every setting the publish alone reads is checked before the first request.
/// </summary>
public static class PublishFlow
{
    public static async Task<PublishedImage> PublishAsync(PublishOptions options, IModelcarLog log, CancellationToken cancellationToken)
    {
        ImageOptions image = options.Image;
        ImageSettings settings = ImageSettings.Resolve(image);
        RetryOptions retry = RetryOptions.FromProperties(options.RegistryRetries, options.RegistryRetryTimeout, options.RegistryNoProgressTimeout);
        // Every setting is read before the first request, so a bad one leaves the registry untouched.
        int parallelism = ProjectSettings.UploadParallelism(options.Parallelism);
        bool skipBaseImageCheck = PropertyValue.Bool(options.SkipBaseImageCheck, "ModelcarSkipBaseImageCheck");
        X509Certificate2Collection? trustedRoots = TrustedCaBundle.Resolve(image.TrustedCaBundle, options.RegistryCaBundle);
        OciMode mode = ImageSettings.ParseStorageMode(options.StorageMode);
        if (mode == OciMode.Modelcar && !settings.HasBase)
        {
            throw new ModelcarException(ErrorCodes.ClassicModeNeedsBaseImage,
                $"ContainerBaseImage is '{(string.IsNullOrWhiteSpace(image.ContainerBaseImage) ? "" : image.ContainerBaseImage.Trim())}' (no base image), but KServeStorageMode is 'oci': KServe's classic modelcar runs 'sh -c' with ln, sleep, ls and mkdir inside the image, and an image without a base has no shell. " +
                "Either set KServeStorageMode=oci+native (KServe 0.20+ mounts the image as a volume; no shell needed), or set ContainerBaseImage to an image with a shell, such as busybox.");
        }
        using var clients = new RegistryClients(settings.Registry, log, trustedRoots, retry);

        // Resolve. oci:// sources first: their files take part in the one-file-per-path check with the others. Model
        // layers are platform-independent, so the first platform's resolution serves every platform.
        IReadOnlyList<Platform> platforms = ImageSettings.ParsePlatforms(options.ContainerRuntimeIdentifiers) ?? [settings.Platform];
        string sourceCache = ModelFileResolver.CacheDirectory(image, Environment.GetEnvironmentVariable);
        IReadOnlyList<InheritedModelImage> inherited = await OciModelSources.ResolveAsync(image.ModelSources, platforms[0], clients.For, sourceCache, log, cancellationToken);
        IReadOnlyList<ResolvedModelFile> files = await new ModelFileResolver(image, log, () => trustedRoots)
            .ResolveAsync(listOnly: false, cancellationToken, OciModelSources.FilesOf(inherited));
        IReadOnlyList<BaseImage> bases = await BaseImages.ResolveAsync(settings, platforms, clients.For, image.ProjectDirectory, cancellationToken);
        foreach (BaseImage platformBase in bases) await BaseImages.CheckAsync(platformBase, mode, skipBaseImageCheck, options.BaseImageCheckCachePath, log, cancellationToken);
        BaseImage baseImage = bases[0];
        PublishReferrers referrers = PublishReferrersFactory.For(options, settings, bases, files, SourceDateEpoch.TimeOrNull(image.SourceDateEpoch));
        using ImageSigning? signing = ImageSigning.Create(options.Signing, image.ProjectDirectory, log);
        signing?.AttachTo(referrers);

        // Plan.
        var request = new ModelcarImageRequest
        {
            Base = baseImage,
            AdditionalBases = bases.Skip(1).ToList(),
            Layers = ModelLayers.Plan(image, files, bases.Max(b => b.Layers.Count) + inherited.Sum(i => i.Layers.Count)),
            InheritedLayers = [.. inherited.SelectMany(i => i.Layers)],
            User = settings.User,
            Labels = settings.Labels,
            Environment = settings.Environment,
            Tags = settings.Tags,
            Annotations = SourceProvenanceRecord.AddAnnotations(ImageAnnotations.For(options, settings, baseImage), files),
            Created = DateTimeOffset.FromUnixTimeSeconds(SourceDateEpoch.Seconds(image.SourceDateEpoch)),
            Parallelism = parallelism > 0 ? parallelism : Math.Max(4, Environment.ProcessorCount),
            ReferrerProducers = referrers.Producers(),
        };

        // Build and publish. Only a registry can answer "do you have this blob?"; an archive needs the bytes every time.
        LayerDigestCache? digestCache = settings.PushesToRegistry && !string.IsNullOrWhiteSpace(options.DigestCachePath)
            ? LayerDigestCache.Load(options.DigestCachePath, log)
            : null;
        // The archive's size is known up front: a disk without room fails now, naming the numbers, before a byte is written.
        if (!settings.PushesToRegistry) ArchiveOutputErrors.CheckFreeSpace(options.ArchiveOutputPath!, ArchiveSize.Estimate(request));
        await using IImageTarget target = settings.PushesToRegistry
            ? new RegistryImageTarget(clients.For(settings.Registry), settings.Repository, digestCache, log)
            : await OciArchiveTarget.CreateAsync(options.ArchiveOutputPath!, settings.Name, SourceDateEpoch.Seconds(image.SourceDateEpoch), cancellationToken, log);
        var publisher = new ModelcarPublisher(log) { ProgressInterval = ProgressInterval.FromEnvironment(Environment.GetEnvironmentVariable, log) };
        PublishResult result = await publisher.PublishAsync(request, target, cancellationToken);
        digestCache?.Save();

        // Describe.
        ImageReference published = settings.Name.WithDigest(result.Manifest.Digest);
        string archivePath = settings.PushesToRegistry ? "" : target.Description;
        ImageJson imageJson = ImageJson.Record(published, settings, bases, result, LayerFileDigests.Fill(files, request.Layers), archivePath);
        SignerIdentity? signer = signing?.Record(imageJson, result);
        imageJson.Write(options.ImageJsonPath);
        if (signer is not null) log.Info($"Signed {result.Manifest.Digest} as {signer}: {signing!.SignedCount} Sigstore bundle(s) attached as referrers");

        return new PublishedImage
        {
            Settings = settings,
            Reference = published,
            Digest = result.Manifest.Digest,
            Size = result.Layers.Sum(l => l.Descriptor.Size) + result.Config.Size,
            ArchivePath = archivePath,
            Signer = signer,
        };
    }
}
