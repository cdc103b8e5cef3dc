namespace Modelcar.Oci.Registry.Credentials;

/// <summary>
/// Asks the sources in order; the first that has a credential for the registry wins, none means anonymous. This
/// is the order docker, podman and the .NET SDK users already rely on: explicit environment variables, then what
/// <c>docker login</c> stored, then what <c>podman login</c> stored.
/// </summary>
public sealed class CredentialChain(IReadOnlyList<ICredentialSource> sources, IOciLog log) : ICredentialProvider
{
    /// <summary>The standard chain for a registry used in <paramref name="role"/>, reading this process's environment and files.</summary>
    public static CredentialChain Default(RegistryRole role, IOciLog log) => new(
    [
        new EnvironmentCredentialProvider(role),
        DockerConfigCredentialSource.FromEnvironment(log),
        ContainersAuthFile.FromEnvironment(log),
    ], log);

    public async Task<RegistryCredential?> GetAsync(string registry, CancellationToken ct)
    {
        foreach (var source in sources)
        {
            if (await source.FindAsync(registry, ct).ConfigureAwait(false) is { } found)
            {
                log.Detail($"Using credentials for '{registry}' from {found.Source}{(found.Credential.Username is { } user ? $" (user '{user}')" : " (an identity token)")}.");
                return found.Credential;
            }
        }
        log.Detail($"No credentials found for '{registry}'; connecting anonymously.");
        return null;
    }
}
