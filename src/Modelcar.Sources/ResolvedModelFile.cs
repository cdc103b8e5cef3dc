namespace Modelcar.Sources;

/// <summary>
/// A model file ready to go into the image: where it goes under /models, where its bytes are, and the
/// identity (size, mtime) that tells whether it changed since it was last hashed.
/// </summary>
/// <param name="TargetPath">Relative POSIX path under /models.</param>
/// <param name="Content">On disk, streamed from its store, or carried in an oci:// source's layer.</param>
/// <param name="Origin">What the user wrote that produced this file, for error messages.</param>
public sealed record ResolvedModelFile(string TargetPath, ModelFileContent Content, long Size, DateTime LastWriteTimeUtc, string Origin)
{
    /// <summary>Lower-case hex sha256 when known (a remote file after download or from its store); null for local files.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The <c>ModelSource</c> this file came from; null for <c>ModelFile</c> items.</summary>
    public SourceProvenance? Source { get; init; }
}

/// <summary>Where a remote file came from, for annotations and image.json; never holds a secret.</summary>
/// <param name="Uri">The ModelSource URI without secrets.</param>
/// <param name="Revision">What a moving reference resolved to (a Hugging Face commit); null when the store has none.</param>
public sealed record SourceProvenance(string Uri, string? Revision);
