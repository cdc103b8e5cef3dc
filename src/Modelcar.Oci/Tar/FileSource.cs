namespace Modelcar.Oci.Tar;

/// <summary>
/// Where the layer writer reads a model file's bytes from: a file on disk or a stream from the file's store.
/// Closed to these two, so every reader decides by the kind instead of by a null opener or the shape of a path.
/// </summary>
public abstract record FileSource
{
    private protected FileSource() { }

    /// <summary>What messages call the file: its local path, or its secret-free address.</summary>
    public abstract string Name { get; }
}

/// <summary>
/// A file on disk (a <c>ModelFile</c> item, or a remote file downloaded into the cache): opened by path, and
/// stat'ed (mtime, inode) for the layer digest cache's fingerprint, so a layer of local files can be cached.
/// </summary>
/// <param name="Path">Absolute local path, links resolved.</param>
public sealed record LocalFile(string Path) : FileSource
{
    public override string Name => Path;
}

/// <summary>
/// A remote file read straight into its layer, with no local copy. It has no local identity to compare, so a
/// layer holding one is never a digest cache hit and never recorded.
/// </summary>
/// <param name="Address">The file's address without secrets, for messages only.</param>
/// <param name="Open">
/// Opens the file's bytes from its store; must give exactly the planned size. Called once per read of the layer,
/// and the store reports its own errors.
/// </param>
public sealed record StreamedFile(string Address, Func<Stream> Open) : FileSource
{
    public override string Name => Address;
}
