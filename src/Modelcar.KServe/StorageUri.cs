using Modelcar.Oci.Model;

namespace Modelcar.KServe;

/// <summary>
/// The <c>storageUri</c> of a modelcar. KServe passes everything after the scheme to the kubelet unparsed, so the
/// full reference goes in: the tag for the humans reading the manifest, the digest so that the cluster runs
/// exactly the bytes that were built (a tag can move; a digest also makes the pull policy IfNotPresent).
/// </summary>
public static class StorageUri
{
    public const string ModelcarScheme = "oci://";
    public const string NativeScheme = "oci+native://";

    public static string For(ImageReference image, OciMode mode)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Digest is null)
        {
            throw new ModelcarException(ErrorCodes.ImageNotPinnedByDigest,
                $"The image '{image}' has no digest, so the InferenceService would follow whatever the tag points to later. " +
                "Write the manifest after the image is pushed (or archived), from the digest the publish step returns.");
        }
        string scheme = mode switch
        {
            OciMode.Modelcar => ModelcarScheme,
            OciMode.Native => NativeScheme,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown OCI mode."),
        };
        return scheme + image;
    }
}
