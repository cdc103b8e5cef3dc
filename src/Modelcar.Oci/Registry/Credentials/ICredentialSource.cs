namespace Modelcar.Oci.Registry.Credentials;

/// <summary>
/// One place credentials may be stored (environment, docker's config.json, podman's auth.json...). A source that
/// has nothing for the registry returns null so the next one is asked; a source that is broken (an unreadable
/// file, a failing helper) throws, because silently going on would push anonymously or with other credentials.
/// </summary>
public interface ICredentialSource
{
    Task<FoundCredential?> FindAsync(string registry, CancellationToken ct);
}

/// <summary>A credential and a description of where it came from (a file or variable name, never a secret).</summary>
public sealed record FoundCredential(RegistryCredential Credential, string Source);
