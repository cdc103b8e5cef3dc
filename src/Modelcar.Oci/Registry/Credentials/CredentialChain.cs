namespace Modelcar.Oci.Registry.Credentials;

/// <summary>
/// Asks the sources in order; the first that has a credential for the registry wins, none means anonymous. This
/// is the order docker, podman and the .NET SDK users already rely on: explicit environment variables, then what
/// <c>docker login</c> stored, then what <c>podman login</c> stored. It remembers which source answered, so that a
/// refused login can say where the credential came from (<see cref="ICredentialOrigin"/>).
/// </summary>
/// <param name="role">The registry's role, for the advice in error messages (which variables it is sent).</param>
public sealed class CredentialChain(IReadOnlyList<ICredentialSource> sources, IModelcarLog log, RegistryRole role = RegistryRole.Push) : ICredentialProvider, ICredentialOrigin
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _found = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The standard chain for a registry used in <paramref name="role"/>, reading this process's environment and files.</summary>
    public static CredentialChain Default(RegistryRole role, IModelcarLog log) => new(
    [
        new EnvironmentCredentialProvider(role),
        DockerConfigCredentialSource.FromEnvironment(log),
        ContainersAuthFile.FromEnvironment(log),
    ], log, role);

    public RegistryRole Role => role;

    public string? SourceOf(string registry) => _found.GetValueOrDefault(registry);

    public async Task<RegistryCredential?> GetAsync(string registry, CancellationToken ct)
    {
        foreach (var source in sources)
        {
            if (await source.FindAsync(registry, ct).ConfigureAwait(false) is { } found)
            {
                _found[registry] = found.Source;
                log.Detail($"Using credentials for '{registry}' from {found.Source}{(found.Credential.Username is { } user ? $" (user '{user}')" : " (an identity token)")}.");
                return found.Credential;
            }
        }
        log.Detail($"No credentials found for '{registry}'; connecting anonymously.");
        return null;
    }
}
