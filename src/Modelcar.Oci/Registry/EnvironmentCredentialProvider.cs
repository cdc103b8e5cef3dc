using System.Collections;
using Modelcar.Oci.Registry.Credentials;

namespace Modelcar.Oci.Registry;

/// <summary>
/// Reads the credential variables the .NET SDK's container publishing reads, so CI pipelines written for it work
/// unchanged. For the destination (<see cref="RegistryRole.Push"/>): <c>DOTNET_CONTAINER_PUSH_REGISTRY_UNAME</c>/<c>PWORD</c>,
/// then <c>DOTNET_CONTAINER_REGISTRY_UNAME</c>/<c>PWORD</c>, then the older <c>SDK_CONTAINER_REGISTRY_UNAME</c>/<c>PWORD</c>.
/// For a base image on another registry (<see cref="RegistryRole.Pull"/>): only
/// <c>DOTNET_CONTAINER_PULL_REGISTRY_UNAME</c>/<c>PWORD</c>, so the destination's secret never goes to a third party.
/// A pair applies only when both halves are set.
/// </summary>
public sealed class EnvironmentCredentialProvider : ICredentialProvider, ICredentialSource, ICredentialOrigin
{
    public const string PushUserNameVariable = "DOTNET_CONTAINER_PUSH_REGISTRY_UNAME";
    public const string PushPasswordVariable = "DOTNET_CONTAINER_PUSH_REGISTRY_PWORD";
    public const string PullUserNameVariable = "DOTNET_CONTAINER_PULL_REGISTRY_UNAME";
    public const string PullPasswordVariable = "DOTNET_CONTAINER_PULL_REGISTRY_PWORD";
    public const string UserNameVariable = "DOTNET_CONTAINER_REGISTRY_UNAME";
    public const string PasswordVariable = "DOTNET_CONTAINER_REGISTRY_PWORD";
    public const string LegacyUserNameVariable = "SDK_CONTAINER_REGISTRY_UNAME";
    public const string LegacyPasswordVariable = "SDK_CONTAINER_REGISTRY_PWORD";

    private readonly IDictionary? _environment;
    private readonly RegistryRole _role;

    public EnvironmentCredentialProvider() : this(RegistryRole.Push) { }

    public EnvironmentCredentialProvider(RegistryRole role, IDictionary? environment = null)
    {
        _role = role;
        _environment = environment;
    }

    /// <summary>Reads from <paramref name="environment"/> instead of the process environment (for tests).</summary>
    public EnvironmentCredentialProvider(IDictionary environment) : this(RegistryRole.Push, environment) { }

    public RegistryRole Role => _role;

    /// <summary>The variable pair that applies, read again (it is only the environment).</summary>
    public string? SourceOf(string registry) => Find()?.Source;

    public async Task<RegistryCredential?> GetAsync(string registry, CancellationToken ct) =>
        (await FindAsync(registry, ct).ConfigureAwait(false))?.Credential;

    public Task<FoundCredential?> FindAsync(string registry, CancellationToken ct) => Task.FromResult(Find());

    private FoundCredential? Find() => _role == RegistryRole.Pull
        ? Read(PullUserNameVariable, PullPasswordVariable)
        : Read(PushUserNameVariable, PushPasswordVariable) ?? Read(UserNameVariable, PasswordVariable) ?? Read(LegacyUserNameVariable, LegacyPasswordVariable);

    private FoundCredential? Read(string userVariable, string passwordVariable)
    {
        string? user = Get(userVariable);
        string? password = Get(passwordVariable);
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password)) return null;
        // docker's convention: the user name "<token>" means the password is an identity (refresh) token.
        var credential = user == "<token>" ? new RegistryCredential(null, null, password) : new RegistryCredential(user, password);
        return new FoundCredential(credential, $"the environment variables {userVariable}/{passwordVariable}");
    }

    private string? Get(string name) =>
        _environment is null ? Environment.GetEnvironmentVariable(name) : _environment[name] as string;
}
