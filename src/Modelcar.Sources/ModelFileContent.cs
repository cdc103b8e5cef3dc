namespace Modelcar.Sources;

/// <summary>
/// Where a resolved model file's bytes are: on disk, in its remote store, or inside a carried layer. It decides
/// how a publish gets the bytes and whether two files at one path can be compared, so every reader decides by the
/// kind instead of by the shape of a path or a null opener. Closed to these three.
/// </summary>
public abstract record ModelFileContent
{
    private protected ModelFileContent() { }

    /// <summary>What messages and the plan call the file: a local path, a secret-free address, or the oci:// image.</summary>
    public abstract string Name { get; }
}

/// <summary>A file on disk: a <c>ModelFile</c> item, or a remote file downloaded into the cache. Hashed when compared.</summary>
/// <param name="Path">Absolute local path, links resolved.</param>
public sealed record LocalContent(string Path) : ModelFileContent
{
    public override string Name => Path;
}

/// <summary>
/// A remote file read straight from its store into its layer (streaming mode, or a plan, which downloads nothing).
/// Its content is known only when its store published a sha256 (<see cref="ResolvedModelFile.Sha256"/>).
/// </summary>
/// <param name="Address">The file's address without secrets.</param>
/// <param name="Open">Opens the file's bytes from its store; one open per read of its layer.</param>
public sealed record StreamedContent(string Address, Func<Stream> Open) : ModelFileContent
{
    public override string Name => Address;
}

/// <summary>
/// A file inside a model layer of an <c>oci://</c> source, carried into the new image as it is. It is never read
/// on its own: its content is known only as the layer's, so a second file at its path is a conflict.
/// </summary>
/// <param name="Image">The <c>oci://</c> source it comes from.</param>
/// <param name="Layer">The digest of the layer that holds it.</param>
public sealed record CarriedContent(string Image, string Layer) : ModelFileContent
{
    public override string Name => Image;
}
