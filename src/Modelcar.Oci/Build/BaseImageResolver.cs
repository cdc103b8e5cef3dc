using System.Text.Json.Nodes;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Build;

/// <summary>
/// Reads a base image from its registry and narrows it to one platform: an index is resolved to the
/// manifest for that platform, a single manifest is checked to be for it. Only manifests and the config
/// are fetched; the layers stay where they are until the target needs them.
/// </summary>
public static class BaseImageResolver
{
    public static async Task<BaseImage> ResolveAsync(RegistryClient client, ImageReference reference, Platform platform, CancellationToken cancellationToken)
    {
        ManifestResult top = await client.GetManifestAsync(reference.Repository, reference.ManifestReference, cancellationToken)
            ?? throw new ModelcarException(ErrorCodes.BaseImageNotFound,
                $"The base image '{reference}' does not exist: {reference.Registry} has no manifest '{reference.ManifestReference}' in '{reference.Repository}'. Check ContainerBaseImage (name and tag).");

        ManifestResult selected = top;
        if (MediaTypes.IsIndex(top.MediaType))
        {
            ImageIndex index = OciJson.Deserialize<ImageIndex>(top.Content, $"index of base image '{reference}'");
            Descriptor match = index.Manifests.FirstOrDefault(m => m.Platform is not null && platform.Matches(m.Platform) && MediaTypes.IsImageManifest(m.MediaType))
                ?? throw new ModelcarException(ErrorCodes.BaseImagePlatformMissing,
                    $"The base image '{reference}' has no manifest for {platform}. It offers: {string.Join(", ", index.Manifests.Where(m => m.Platform is not null).Select(m => m.Platform!.ToString()).Distinct())}. Set ContainerRuntimeIdentifier to one of them or choose another base image.");
            selected = await client.GetManifestAsync(reference.Repository, match.Digest.ToString(), cancellationToken)
                ?? throw new ModelcarException(ErrorCodes.BaseImageNotFound,
                    $"The base image '{reference}' lists a manifest {match.Digest} for {platform} that its registry does not have. The image is broken upstream; choose another tag.");
        }
        if (!MediaTypes.IsImageManifest(selected.MediaType))
        {
            throw new ModelcarException(ErrorCodes.BaseImageNotAnImage,
                $"The base image '{reference}' is not a container image (its manifest is '{selected.MediaType}'). Give an image reference in ContainerBaseImage.");
        }

        ImageManifest manifest = OciJson.Deserialize<ImageManifest>(selected.Content, $"manifest of base image '{reference}'");
        if (manifest.Config.MediaType is not (MediaTypes.OciConfig or MediaTypes.DockerConfig))
        {
            throw new ModelcarException(ErrorCodes.BaseImageNotAnImage,
                $"The base image '{reference}' is an artifact of type '{manifest.Config.MediaType}', not a container image. Give an image reference in ContainerBaseImage.");
        }
        byte[] configBytes = await client.GetBlobBytesAsync(reference.Repository, manifest.Config.Digest, cancellationToken);
        JsonObject config = JsonNode.Parse(configBytes) as JsonObject
            ?? throw new ModelcarException(ErrorCodes.BaseImageNotAnImage, $"The config of base image '{reference}' is not a JSON object.");

        var configPlatform = new Platform
        {
            OS = (string?)config["os"] ?? platform.OS,
            Architecture = (string?)config["architecture"] ?? platform.Architecture,
            Variant = (string?)config["variant"],
        };
        if (!platform.Matches(configPlatform))
        {
            throw new ModelcarException(ErrorCodes.BaseImagePlatformMissing,
                $"The base image '{reference}' is for {configPlatform}, not {platform}. Set ContainerRuntimeIdentifier to match it or choose a base image for {platform}.");
        }

        return new BaseImage
        {
            Reference = reference,
            ManifestDigest = selected.Digest,
            Platform = platform,
            Layers = manifest.Layers,
            Config = config,
            Blobs = new RegistryBlobSource(client, reference.Repository),
        };
    }
}
