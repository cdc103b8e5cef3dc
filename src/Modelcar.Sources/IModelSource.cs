namespace Modelcar.Sources;

/// <summary>A <c>ModelSource</c> item: a storage URI (the one KServe's storageUri takes) plus its metadata.</summary>
/// <param name="Uri">As written, e.g. <c>hf://ibm-granite/granite-3.1-2b-instruct:main</c>.</param>
/// <param name="TargetPath">A folder under /models to put the source's files in; empty for /models itself.</param>
public sealed record ModelSourceSpec(string Uri, string TargetPath, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// One kind of remote model source (Hugging Face, HTTP, S3, Azure Blob, OCI). It lists the source's files
/// and makes them readable; it never puts a secret into a path, a message or a returned value.
/// </summary>
public interface IModelSource
{
    /// <summary>The URI schemes this source answers for, e.g. <c>hf</c>.</summary>
    IReadOnlyCollection<string> Schemes { get; }

    /// <summary>Whether this source answers for <paramref name="spec"/>, for sources that share a scheme (https and Azure Blob).</summary>
    bool CanRead(ModelSourceSpec spec) => true;

    Task<IReadOnlyList<ResolvedModelFile>> ResolveAsync(ModelSourceSpec spec, CancellationToken cancellationToken);
}
