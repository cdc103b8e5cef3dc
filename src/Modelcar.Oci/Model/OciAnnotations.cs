namespace Modelcar.Oci.Model;

/// <summary>Pre-defined annotation keys of the OCI image spec, plus this project's own.</summary>
public static class OciAnnotations
{
    public const string Created = "org.opencontainers.image.created";
    public const string Source = "org.opencontainers.image.source";
    public const string Revision = "org.opencontainers.image.revision";
    public const string Version = "org.opencontainers.image.version";
    public const string Title = "org.opencontainers.image.title";
    public const string Description = "org.opencontainers.image.description";
    public const string BaseName = "org.opencontainers.image.base.name";
    public const string BaseDigest = "org.opencontainers.image.base.digest";
    public const string RefName = "org.opencontainers.image.ref.name";

    /// <summary>Where the model came from (a Hugging Face repo, a bucket, an image), one key per source kind.</summary>
    public const string ModelSourcePrefix = "io.modelcar.source";
}
