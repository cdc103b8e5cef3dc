namespace Modelcar.Oci.Registry.Credentials;

/// <summary>
/// What <c>podman login</c> / <c>buildah login</c> stored (containers-auth.json(5)): <c>$REGISTRY_AUTH_FILE</c> alone
/// when set, else <c>$XDG_RUNTIME_DIR/containers/auth.json</c> then <c>~/.config/containers/auth.json</c>.
/// OpenShift users log in with podman, so a publish from their machine finds the same credentials.
/// </summary>
public static class ContainersAuthFile
{
    public static ICredentialSource FromEnvironment(IModelcarLog log) =>
        new FirstFileSource(Paths(Environment.GetEnvironmentVariable).Select(p => new AuthFileCredentialSource(p, log)).ToArray());

    public static IReadOnlyList<string> Paths(Func<string, string?> environment)
    {
        if (environment("REGISTRY_AUTH_FILE") is { Length: > 0 } explicitFile) return [explicitFile];
        var paths = new List<string>();
        if (environment("XDG_RUNTIME_DIR") is { Length: > 0 } runtime) paths.Add(Path.Combine(runtime, "containers", "auth.json"));
        paths.Add(Path.Combine(DockerConfigCredentialSource.Home(environment), ".config", "containers", "auth.json"));
        return paths;
    }

    /// <summary>Asks each file in turn (a missing file has nothing).</summary>
    private sealed class FirstFileSource(IReadOnlyList<ICredentialSource> files) : ICredentialSource
    {
        public async Task<FoundCredential?> FindAsync(string registry, CancellationToken ct)
        {
            foreach (var file in files)
            {
                if (await file.FindAsync(registry, ct).ConfigureAwait(false) is { } found) return found;
            }
            return null;
        }
    }
}
