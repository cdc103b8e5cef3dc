namespace Modelcar.Sources.Remote;

/// <summary>
/// One kind of remote store (Hugging Face, HTTP, S3, Azure Blob): it lists the files a <c>ModelSource</c>
/// URI names and opens any of them from a byte offset. Caching, resuming, verifying, parallelism and the
/// streaming mode are shared (<see cref="RemoteModelSource"/>), so a store implements only these two calls.
/// </summary>
/// <remarks>
/// Nothing a store returns may hold a secret: <see cref="RemoteListing.DisplayUri"/>, <see cref="RemoteFile.Location"/>
/// and <see cref="RemoteFile.Version"/> reach logs, the cache's folder names, annotations and image.json.
/// </remarks>
public interface IRemoteFileSource
{
    /// <summary>The URI schemes this store answers for, lower case, e.g. <c>hf</c>, <c>s3</c>.</summary>
    IReadOnlyCollection<string> Schemes { get; }

    /// <summary>Whether this store answers for <paramref name="spec"/> (for stores that share a scheme, such as https and Azure Blob).</summary>
    bool CanRead(ModelSourceSpec spec) => true;

    /// <summary>Lists the files <paramref name="spec"/> names, with metadata only (no file content).</summary>
    Task<RemoteListing> ListAsync(ModelSourceSpec spec, CancellationToken cancellationToken);

    /// <summary>
    /// Opens <paramref name="file"/> from byte <paramref name="offset"/> (an HTTP Range, an S3/Azure ranged GET),
    /// so an interrupted download resumes and a streamed layer reads the file exactly once.
    /// </summary>
    Task<Stream> OpenReadAsync(RemoteListing listing, RemoteFile file, long offset, CancellationToken cancellationToken);
}

/// <summary>What a source URI resolved to.</summary>
/// <param name="DisplayUri">The URI without secrets (no SAS query, no user info), for messages and image.json.</param>
/// <param name="Revision">What a moving reference resolved to (a Hugging Face commit, an S3 version), recorded so a rebuild is reproducible; null when the store has none.</param>
/// <param name="Files">The files, with paths relative to the source's root (the item's TargetPath is applied later).</param>
public sealed record RemoteListing(string DisplayUri, string? Revision, IReadOnlyList<RemoteFile> Files);

/// <summary>One remote file.</summary>
/// <param name="RelativePath">POSIX path relative to the source root; becomes the path under /models (after TargetPath).</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">Lower-case hex when the store publishes it (Hugging Face LFS, a <c>Sha256</c> item metadata); checked after download. Null: the digest is computed and recorded.</param>
/// <param name="Version">Changes whenever the content does (ETag, commit, version id); with <paramref name="Location"/> it keys the download cache.</param>
/// <param name="Location">The store's own address of the file (URL, bucket key), secret-free.</param>
public sealed record RemoteFile(string RelativePath, long Size, string? Sha256, string Version, string Location);
