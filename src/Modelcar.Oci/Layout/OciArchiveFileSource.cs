using Modelcar.Oci.Model;

namespace Modelcar.Oci.Layout;

/// <summary>
/// A tar of an OCI image layout (<c>oci-archive:</c>, what <c>skopeo copy … oci-archive:</c> and this SDK write).
/// The tar's headers are read once to learn where each file's bytes lie; a blob is then read in place, never
/// extracted.
/// </summary>
public sealed class OciArchiveFileSource : OciLayoutSource
{
    private readonly string _archive;
    private readonly Dictionary<string, (long Offset, long Length)> _files;

    private OciArchiveFileSource(string archive, string name, Dictionary<string, (long, long)> files) : base(name)
    {
        _archive = archive;
        _files = files;
    }

    public static OciArchiveFileSource Open(string archive, string name)
    {
        if (!File.Exists(archive))
        {
            throw new ModelcarException(ErrorCodes.LocalBaseImageNotFound,
                $"ContainerBaseImage '{name}': the archive '{archive}' does not exist. Create one with: skopeo copy docker://IMAGE oci-archive:{archive}:TAG");
        }
        Dictionary<string, (long, long)> files;
        try
        {
            using var stream = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read);
            files = TarIndex.Read(stream);
        }
        catch (InvalidDataException e)
        {
            throw new ModelcarException(ErrorCodes.LocalBaseImageNotFound,
                $"ContainerBaseImage '{name}': '{archive}' is not a tar of an OCI image layout ({e.Message}).");
        }
        if (!files.ContainsKey("index.json"))
        {
            throw new ModelcarException(ErrorCodes.LocalBaseImageNotFound,
                $"ContainerBaseImage '{name}': '{archive}' holds no index.json, so it is not an OCI archive. Create one with: skopeo copy docker://IMAGE oci-archive:{archive}:TAG");
        }
        return new OciArchiveFileSource(archive, name, files);
    }

    private static string BlobName(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Encoded}";

    protected override bool HasBlob(Digest digest) => _files.ContainsKey(BlobName(digest));

    protected override byte[] ReadIndexJson()
    {
        using Stream stream = OpenFile("index.json");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public override Task<Stream> OpenBlobAsync(Digest digest, CancellationToken cancellationToken) => Task.FromResult(OpenFile(BlobName(digest)));

    private Stream OpenFile(string name)
    {
        (long offset, long length) = _files[name];
        var file = new FileStream(_archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        file.Position = offset;
        return new BoundedReadStream(file, length);
    }
}
