using Modelcar.Oci.Model;

namespace Modelcar.Oci.Layout;

/// <summary>An OCI image layout folder (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c>).</summary>
public sealed class OciLayoutDirectorySource : OciLayoutSource
{
    private readonly string _directory;

    private OciLayoutDirectorySource(string directory, string name) : base(name) => _directory = directory;

    public static OciLayoutDirectorySource Open(string directory, string name)
    {
        if (!File.Exists(Path.Combine(directory, "index.json")))
        {
            throw new ModelcarException(ErrorCodes.LocalBaseImageNotFound,
                $"ContainerBaseImage '{name}': '{directory}' is not an OCI image layout (it has no index.json). Create one with: skopeo copy docker://IMAGE oci:{directory}:TAG");
        }
        return new OciLayoutDirectorySource(directory, name);
    }

    private string BlobPath(Digest digest) => Path.Combine(_directory, "blobs", digest.Algorithm, digest.Encoded);

    protected override bool HasBlob(Digest digest) => File.Exists(BlobPath(digest));

    protected override byte[] ReadIndexJson() => File.ReadAllBytes(Path.Combine(_directory, "index.json"));

    public override Task<Stream> OpenBlobAsync(Digest digest, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new FileStream(BlobPath(digest), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true));
}
