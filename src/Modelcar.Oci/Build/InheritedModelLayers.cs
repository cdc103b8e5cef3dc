using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Build;

/// <summary>
/// Resolves an <c>oci://registry/repo[:tag|@digest]</c> model source: the image's manifest for the build's
/// platform, then each layer's tar headers, streamed and skipped over (nothing is unpacked or kept), to
/// tell its model layers from its base layers.
/// </summary>
public static class InheritedModelLayers
{
    public const string Scheme = "oci";

    /// <summary>Whether a <c>ModelSource</c> URI is an <c>oci://</c> one.</summary>
    public static bool IsOciUri(string uri) => uri.TrimStart().StartsWith(Scheme + "://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The image a <c>oci://</c> URI names.</summary>
    public static ImageReference ParseUri(string uri)
    {
        string text = uri.Trim()[(Scheme.Length + 3)..];
        if (text.Length == 0 || !text.Contains('/'))
        {
            throw new ModelcarException(ErrorCodes.InvalidModelSource,
                $"The ModelSource '{uri}' names no image. Write it as KServe's storageUri does: oci://registry/repository:tag or oci://registry/repository@sha256:….");
        }
        return ImageReference.Parse(text);
    }

    /// <param name="cache">Classifications of layers seen before, by digest; null streams every layer.</param>
    public static async Task<InheritedModelImage> ResolveAsync(RegistryClient client, string uri, Platform platform, string modelsRoot, IModelcarLog? log, CancellationToken cancellationToken, LayerClassificationCache? cache = null)
    {
        ImageReference reference = ParseUri(uri);
        BaseImage image = await ResolveImageAsync(client, uri, reference, platform, cancellationToken);
        string[] diffIds = image.Config?["rootfs"]?["diff_ids"]?.AsArray().Select(n => (string?)n ?? "").ToArray() ?? [];
        if (diffIds.Length != image.Layers.Count)
        {
            throw new ModelcarException(ErrorCodes.OciSourceLayerNotSeparable,
                $"The oci:// source '{uri}' has {image.Layers.Count} layers but its config lists {diffIds.Length} diff_ids. The image is malformed; publish it again.");
        }

        var layers = new List<InheritedModelLayer>();
        int read = 0;
        for (int i = 0; i < image.Layers.Count; i++)
        {
            Descriptor layer = image.Layers[i];
            string describe = $"'{uri}' layer {i + 1} ({layer.Digest.Encoded[..12]})";
            ModelLayerKind kind = ModelLayerKind.Base;
            IReadOnlyList<InheritedModelFile> files = [];
            bool known = cache is not null && cache.TryGet(layer.Digest, modelsRoot, out kind, out files);
            if (!known)
            {
                (kind, files) = await ClassifyAsync(image.Blobs!, layer.Digest, modelsRoot, describe, cancellationToken);
                read++;
                cache?.Store(layer.Digest, modelsRoot, kind, files);
            }
            log?.Detail($"  {uri} layer {i + 1} {layer.Digest.Encoded[..12]}: {(kind == ModelLayerKind.Model ? $"model, {files.Count} file(s), carried" : "base, left behind")}{(known ? " (known from the cache)" : "")}");
            if (kind != ModelLayerKind.Model) continue;
            layers.Add(new InheritedModelLayer(
                layer with { MediaType = MediaTypes.ToOciLayer(layer.MediaType), Annotations = null, Platform = null },
                Digest.Parse(diffIds[i]),
                image.Blobs!,
                files,
                uri.Trim()));
        }
        if (layers.Count == 0)
        {
            throw new ModelcarException(ErrorCodes.OciSourceNotAModelcar,
                $"The oci:// source '{uri}' is not a modelcar: none of its {image.Layers.Count} layers has files under /{modelsRoot.Trim('/')}. Name a modelcar image (one built with Modelcar.Sdk or a Containerfile that copies the model to /models).");
        }
        return new InheritedModelImage(reference, image.ManifestDigest!.Value, layers) { LayersRead = read };
    }

    private static async Task<(ModelLayerKind, IReadOnlyList<InheritedModelFile>)> ClassifyAsync(IBlobSource blobs, Digest digest, string modelsRoot, string describe, CancellationToken cancellationToken)
    {
        try
        {
            await using Stream blob = await blobs.OpenBlobAsync(digest, cancellationToken);
            return await ModelLayerClassifier.ClassifyAsync(LayerHeaderReader.ReadAsync(blob, cancellationToken), modelsRoot, describe);
        }
        catch (InvalidDataException e)
        {
            throw new ModelcarException(ErrorCodes.OciSourceLayerNotSeparable,
                $"The oci:// source {describe} cannot be read as a tar (gzip, zstd or plain): {e.Message}. Check that the image is a container image, or publish it again.", e);
        }
    }

    /// <summary>The image for <paramref name="platform"/>, with errors that speak of the ModelSource rather than a base image.</summary>
    private static async Task<BaseImage> ResolveImageAsync(RegistryClient client, string uri, ImageReference reference, Platform platform, CancellationToken cancellationToken)
    {
        try
        {
            return await BaseImageResolver.ResolveAsync(client, reference, platform, cancellationToken);
        }
        catch (ModelcarException e) when (e.Code == ErrorCodes.BaseImageNotFound)
        {
            throw new ModelcarException(ErrorCodes.SourceNotFound,
                $"The ModelSource '{uri}' does not exist: {reference.Registry} has no manifest '{reference.ManifestReference}' in '{reference.Repository}'. Check the repository and tag (or digest), and that it was pushed.", e);
        }
        catch (ModelcarException e) when (e.Code == ErrorCodes.BaseImageNotAnImage)
        {
            throw new ModelcarException(ErrorCodes.OciSourceNotAModelcar,
                $"The oci:// source '{uri}' is not a container image, so it is not a modelcar. Name a modelcar image.", e);
        }
        catch (ModelcarException e) when (e.Code == ErrorCodes.BaseImagePlatformMissing)
        {
            throw new ModelcarException(ErrorCodes.BaseImagePlatformMissing,
                $"The oci:// source '{uri}' has no image for {platform}, the platform being built ({e.Message}). Set ContainerRuntimeIdentifier to a platform the source has, or publish the source for {platform}.", e);
        }
    }
}
