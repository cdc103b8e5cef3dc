using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Build;

/// <summary>
/// Somewhere a base image's documents can be read from: a registry repository, or a local OCI layout or
/// archive (air-gapped builds). The resolver reads manifests and the config through it; the layers stay
/// behind <see cref="Blobs"/> until a target needs them.
/// </summary>
public interface IImageSource
{
    /// <summary>For messages: <c>quay.io/acme/base:1.0</c>, <c>oci:/images/base:1.0</c>.</summary>
    string Name { get; }

    /// <summary>The manifest or index under <paramref name="reference"/> (a tag, or a digest), or null when there is none.</summary>
    Task<ManifestResult?> GetManifestAsync(string reference, CancellationToken cancellationToken);

    Task<byte[]> GetBlobBytesAsync(Digest digest, CancellationToken cancellationToken);

    IBlobSource Blobs { get; }

    /// <summary>What to tell the user when <paramref name="reference"/> is missing, and how to fix it.</summary>
    string DescribeMissing(string reference);
}

/// <summary>A base image in a registry repository.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1725", Justification = "'reference' is the primary constructor's image reference here; the manifest's is manifestReference.")]
public sealed class RegistryImageSource(RegistryClient client, ImageReference reference) : IImageSource
{
    public string Name => reference.ToString();

    public Task<ManifestResult?> GetManifestAsync(string manifestReference, CancellationToken cancellationToken) =>
        client.GetManifestAsync(reference.Repository, manifestReference, cancellationToken);

    public Task<byte[]> GetBlobBytesAsync(Digest digest, CancellationToken cancellationToken) =>
        client.GetBlobBytesAsync(reference.Repository, digest, cancellationToken);

    public IBlobSource Blobs => new RegistryBlobSource(client, reference.Repository);

    public string DescribeMissing(string manifestReference) =>
        $"{reference.Registry} has no manifest '{manifestReference}' in '{reference.Repository}'. Check ContainerBaseImage (name and tag).";
}
