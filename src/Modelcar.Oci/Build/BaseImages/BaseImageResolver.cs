using System.Text.Json.Nodes;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Build.BaseImages;

/// <summary>
/// Reads a base image from a registry or a local layout and narrows it to one platform, or to several: an
/// index is resolved to the manifest for each platform, a single manifest is checked to be for it. Only
/// manifests and configs are fetched; the layers stay where they are until the target needs them.
/// </summary>
public static class BaseImageResolver
{
    public static Task<BaseImage> ResolveAsync(RegistryClient client, ImageReference reference, Platform platform, CancellationToken cancellationToken) =>
        ResolveAsync(new RegistryImageSource(client, reference), reference.ManifestReference, platform, cancellationToken, reference);

    public static async Task<BaseImage> ResolveAsync(IImageSource source, string manifestReference, Platform platform, CancellationToken cancellationToken, ImageReference? reference = null) =>
        (await ResolveAllAsync(source, manifestReference, [platform], cancellationToken, reference))[0];

    /// <summary>One <see cref="BaseImage"/> per platform, in the order asked; every platform must be offered.</summary>
    public static async Task<IReadOnlyList<BaseImage>> ResolveAllAsync(
        IImageSource source, string manifestReference, IReadOnlyList<Platform> platforms, CancellationToken cancellationToken, ImageReference? reference = null)
    {
        string name = source.Name;
        ManifestResult top = await source.GetManifestAsync(manifestReference, cancellationToken)
            ?? throw new ModelcarException(ErrorCodes.BaseImageNotFound, $"The base image '{name}' does not exist: {source.DescribeMissing(manifestReference)}");

        var bases = new List<BaseImage>();
        foreach (Platform platform in platforms)
        {
            ManifestResult selected = top;
            if (MediaTypes.IsIndex(top.MediaType))
            {
                ImageIndex index = OciJson.Deserialize<ImageIndex>(top.Content, $"index of base image '{name}'");
                Descriptor match = index.Manifests.FirstOrDefault(m => m.Platform is not null && platform.Matches(m.Platform) && MediaTypes.IsImageManifest(m.MediaType))
                    ?? throw new ModelcarException(ErrorCodes.BaseImagePlatformMissing,
                        $"The base image '{name}' has no manifest for {platform}. It offers: {string.Join(", ", index.Manifests.Where(m => m.Platform is not null).Select(m => m.Platform!.ToString()).Distinct())}. Set ContainerRuntimeIdentifier(s) to those it offers or choose another base image.");
                selected = await source.GetManifestAsync(match.Digest.ToString(), cancellationToken)
                    ?? throw new ModelcarException(ErrorCodes.BaseImageNotFound,
                        $"The base image '{name}' lists a manifest {match.Digest} for {platform} that its source does not have. The image is broken upstream; choose another tag.");
            }
            bases.Add(await ReadImageAsync(source, selected, platform, reference, cancellationToken));
        }
        return bases;
    }

    private static async Task<BaseImage> ReadImageAsync(IImageSource source, ManifestResult selected, Platform platform, ImageReference? reference, CancellationToken cancellationToken)
    {
        string name = source.Name;
        if (!MediaTypes.IsImageManifest(selected.MediaType))
        {
            throw new ModelcarException(ErrorCodes.BaseImageNotAnImage,
                $"The base image '{name}' is not a container image (its manifest is '{selected.MediaType}'). Give an image reference in ContainerBaseImage.");
        }

        ImageManifest manifest = OciJson.Deserialize<ImageManifest>(selected.Content, $"manifest of base image '{name}'");
        if (manifest.Config.MediaType is not (MediaTypes.OciConfig or MediaTypes.DockerConfig))
        {
            throw new ModelcarException(ErrorCodes.BaseImageNotAnImage,
                $"The base image '{name}' is an artifact of type '{manifest.Config.MediaType}', not a container image. Give an image reference in ContainerBaseImage.");
        }
        byte[] configBytes = await source.GetBlobBytesAsync(manifest.Config.Digest, cancellationToken);
        JsonObject config = JsonNode.Parse(configBytes) as JsonObject
            ?? throw new ModelcarException(ErrorCodes.BaseImageNotAnImage, $"The config of base image '{name}' is not a JSON object.");

        var configPlatform = new Platform
        {
            OS = (string?)config["os"] ?? platform.OS,
            Architecture = (string?)config["architecture"] ?? platform.Architecture,
            Variant = (string?)config["variant"],
        };
        if (!platform.Matches(configPlatform))
        {
            throw new ModelcarException(ErrorCodes.BaseImagePlatformMissing,
                $"The base image '{name}' is for {configPlatform}, not {platform}. Set ContainerRuntimeIdentifier to match it or choose a base image for {platform}.");
        }

        return new BaseImage
        {
            Reference = reference,
            Name = name,
            ManifestDigest = selected.Digest,
            Platform = platform,
            Layers = manifest.Layers,
            Config = config,
            Blobs = source.Blobs,
        };
    }
}
