using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Registry;

/// <summary>A registry repository as a place to read base image layers from.</summary>
public sealed class RegistryBlobSource(RegistryClient client, string repository) : IBlobSource
{
    public string? Registry => client.Registry;

    public string? Repository => repository;

    public Task<Stream> OpenBlobAsync(Digest digest, CancellationToken cancellationToken) =>
        client.OpenBlobAsync(repository, digest, cancellationToken);
}
