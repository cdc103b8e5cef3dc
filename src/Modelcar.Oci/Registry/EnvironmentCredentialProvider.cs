using System.Collections;

namespace Modelcar.Oci.Registry;

/// <summary>
/// Reads the credential variables the .NET SDK's container publishing reads, so CI pipelines written for it work
/// unchanged: <c>DOTNET_CONTAINER_REGISTRY_UNAME</c>/<c>PWORD</c> first, then the older
/// <c>SDK_CONTAINER_REGISTRY_UNAME</c>/<c>PWORD</c>. A pair applies only when both halves are set.
/// </summary>
public sealed class EnvironmentCredentialProvider : ICredentialProvider
{
    public const string UserNameVariable = "DOTNET_CONTAINER_REGISTRY_UNAME";
    public const string PasswordVariable = "DOTNET_CONTAINER_REGISTRY_PWORD";
    public const string LegacyUserNameVariable = "SDK_CONTAINER_REGISTRY_UNAME";
    public const string LegacyPasswordVariable = "SDK_CONTAINER_REGISTRY_PWORD";

    private readonly IDictionary? _environment;

    public EnvironmentCredentialProvider() { }

    /// <summary>Reads from <paramref name="environment"/> instead of the process environment (for tests).</summary>
    public EnvironmentCredentialProvider(IDictionary environment)
    {
        _environment = environment;
    }

    public Task<RegistryCredential?> GetAsync(string registry, CancellationToken ct) =>
        Task.FromResult(Read(UserNameVariable, PasswordVariable) ?? Read(LegacyUserNameVariable, LegacyPasswordVariable));

    private RegistryCredential? Read(string userVariable, string passwordVariable)
    {
        string? user = Get(userVariable);
        string? password = Get(passwordVariable);
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password)) return null;
        // docker's convention: the user name "<token>" means the password is an identity (refresh) token.
        return user == "<token>" ? new RegistryCredential(null, null, password) : new RegistryCredential(user, password);
    }

    private string? Get(string name) =>
        _environment is null ? Environment.GetEnvironmentVariable(name) : _environment[name] as string;
}
