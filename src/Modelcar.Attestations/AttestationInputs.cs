using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;

namespace Modelcar.Attestations;

/// <summary>The base image a modelcar was built on, pinned.</summary>
/// <param name="Name">As the project named it: a registry reference, or a local <c>oci:</c>/<c>oci-archive:</c> one.</param>
public sealed record BaseImageInput(string Name, Digest Digest);

/// <summary>A <c>ModelSource</c> as it resolved.</summary>
/// <param name="Uri">The source URI without secrets.</param>
/// <param name="Revision">What a moving reference resolved to (a Hugging Face commit, an object version); null when the store has none.</param>
public sealed record SourceInput(string Uri, string? Revision);

/// <summary>
/// Everything a statement about a published modelcar says, gathered by the publish: the image and its files
/// (with the digests of the one read), what it was built from, and by whom. Signers read the same record.
/// </summary>
public sealed record AttestationInputs
{
    public required PublishedModelcar Image { get; init; }

    /// <summary>The repository the image went to, without tag or digest (<c>quay.io/acme/model</c>): the statements' subject name.</summary>
    public required string ImageName { get; init; }

    /// <summary>The model-signing manifest's model name (the project's <c>ModelcarName</c>).</summary>
    public required string ModelName { get; init; }

    /// <summary>The project file, as the build saw it (relative to the repository root where there is one).</summary>
    public required string ProjectPath { get; init; }

    /// <summary>The project properties the SDK read to build the image (never a secret: those come from the environment).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    public BaseImageInput? BaseImage { get; init; }

    public IReadOnlyList<SourceInput> Sources { get; init; } = [];

    /// <summary>The Modelcar.Sdk version that built the image.</summary>
    public required string SdkVersion { get; init; }

    public required BuilderIdentity Builder { get; init; }

    /// <summary>The image's digest as an in-toto subject: the name and the manifest's sha256 hex.</summary>
    public (string Name, string Sha256) Subject => (ImageName, Image.Subject.Digest.Encoded);
}
