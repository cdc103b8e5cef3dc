using System.Text.Json.Nodes;
using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Layout;

/// <summary>
/// A base image in a local OCI image layout (<c>oci:DIR[:TAG]</c>) or a tar of one (<c>oci-archive:FILE[:TAG]</c>),
/// spelled as skopeo spells them, for builds without access to the base's registry. A tag is the
/// <c>org.opencontainers.image.ref.name</c> annotation in <c>index.json</c>; without one, the layout must hold
/// exactly one image. Its blobs cannot be mounted into a registry: a push uploads them.
/// </summary>
public abstract class OciLayoutSource : IImageSource, IBlobSource
{
    public const string DirectoryScheme = "oci:";
    public const string ArchiveScheme = "oci-archive:";

    private ImageIndex? _index;

    protected OciLayoutSource(string name) => Name = name;

    public string Name { get; }

    string? IBlobSource.Registry => null;

    string? IBlobSource.Repository => null;

    public IBlobSource Blobs => this;

    /// <summary>True when <paramref name="value"/> names a local layout or archive rather than a registry image.</summary>
    public static bool IsLocal(string value) =>
        value.StartsWith(DirectoryScheme, StringComparison.Ordinal) || value.StartsWith(ArchiveScheme, StringComparison.Ordinal);

    /// <summary>
    /// Opens <c>oci:DIR[:TAG]</c> or <c>oci-archive:FILE[:TAG]</c>; a relative path is taken from <paramref name="baseDirectory"/>.
    /// As in skopeo, the path ends at the first ':' after the scheme.
    /// </summary>
    public static (OciLayoutSource Source, string Tag) Parse(string value, string baseDirectory)
    {
        bool archive = value.StartsWith(ArchiveScheme, StringComparison.Ordinal);
        string rest = value[(archive ? ArchiveScheme : DirectoryScheme).Length..];
        int colon = rest.IndexOf(':');
        string path = colon < 0 ? rest : rest[..colon];
        string tag = colon < 0 ? "" : rest[(colon + 1)..];
        if (path.Length == 0)
        {
            throw new ModelcarException(ErrorCodes.LocalBaseImageNotFound,
                $"ContainerBaseImage '{value}' names no path. Write oci:DIR[:TAG] for an OCI image layout folder or oci-archive:FILE[:TAG] for a tar of one.");
        }
        string full = Path.GetFullPath(path, baseDirectory);
        return (archive ? OciArchiveFileSource.Open(full, value) : OciLayoutDirectorySource.Open(full, value), tag);
    }

    public abstract Task<Stream> OpenBlobAsync(Digest digest, CancellationToken cancellationToken);

    protected abstract bool HasBlob(Digest digest);

    protected abstract byte[] ReadIndexJson();

    public async Task<ManifestResult?> GetManifestAsync(string reference, CancellationToken cancellationToken)
    {
        Descriptor? descriptor = FindDescriptor(reference);
        if (descriptor is null) return null;
        byte[] content = await GetBlobBytesAsync(descriptor.Digest, cancellationToken);
        return new ManifestResult(content, descriptor.MediaType.Length > 0 ? descriptor.MediaType : MediaTypeOf(content), descriptor.Digest);
    }

    public async Task<byte[]> GetBlobBytesAsync(Digest digest, CancellationToken cancellationToken)
    {
        if (!HasBlob(digest))
        {
            throw new ModelcarException(ErrorCodes.LocalBaseImageNotFound,
                $"The base image '{Name}' refers to blob {digest}, which the layout does not hold. Copy the image again, e.g. skopeo copy docker://… {Name}.");
        }
        await using Stream stream = await OpenBlobAsync(digest, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        byte[] content = buffer.ToArray();
        if (Digest.ComputeSha256(content) != digest)
        {
            throw new ModelcarException(ErrorCodes.BlobVerificationFailed,
                $"Blob {digest} of the base image '{Name}' does not match its digest: the layout is damaged. Copy the image again.");
        }
        return content;
    }

    public string DescribeMissing(string reference)
    {
        string[] names = [.. Index.Manifests.Select(m => m.Annotations?.GetValueOrDefault(OciAnnotations.RefName)).OfType<string>()];
        string offered = names.Length == 0 ? "it names no image" : $"it names {string.Join(", ", names.Select(n => $"'{n}'"))}";
        return reference.Length == 0
            ? $"the layout holds {Index.Manifests.Count} images and no tag says which ({offered}). Add ':TAG' to ContainerBaseImage."
            : $"the layout has no image tagged '{reference}' ({offered}). Fix the tag in ContainerBaseImage.";
    }

    private Descriptor? FindDescriptor(string reference)
    {
        if (Digest.TryParse(reference, out Digest digest))
        {
            return Index.Manifests.FirstOrDefault(m => m.Digest == digest)
                ?? (HasBlob(digest) ? new Descriptor { MediaType = "", Digest = digest, Size = 0 } : null);
        }
        if (reference.Length == 0) return Index.Manifests.Count == 1 ? Index.Manifests[0] : null;
        return Index.Manifests.FirstOrDefault(m => m.Annotations?.GetValueOrDefault(OciAnnotations.RefName) == reference);
    }

    private ImageIndex Index => _index ??= OciJson.Deserialize<ImageIndex>(ReadIndexJson(), $"index.json of '{Name}'");

    /// <summary>A blob fetched by digest has no descriptor to say what it is: its own mediaType, or its shape, does.</summary>
    private static string MediaTypeOf(byte[] content)
    {
        JsonObject? json = JsonNode.Parse(content) as JsonObject;
        if ((string?)json?["mediaType"] is { } mediaType) return mediaType;
        return json?["manifests"] is not null ? MediaTypes.OciIndex : MediaTypes.OciManifest;
    }
}
