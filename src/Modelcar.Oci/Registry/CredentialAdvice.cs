using Modelcar.Oci.Registry.Credentials;

namespace Modelcar.Oci.Registry;

/// <summary>
/// The credentials a refused request carried, as far as a message may tell: the registry's role and the source
/// and user (null when unknown, or an identity token). <see cref="HowToLogIn"/> is the advice every authentication
/// error ends with.
/// </summary>
internal sealed record CredentialAdvice(RegistryRole Role, bool HasCredential, string? Source, string? UserName)
{
    public static CredentialAdvice Anonymous(RegistryRole role) => new(role, false, null, null);

    /// <summary>"the credentials from the environment variables A/B (user 'u')": which credentials, for a message.</summary>
    public string Described => (Source is null ? "the credentials given" : $"the credentials from {Source}") + (UserName is null ? "" : $" (user '{UserName}')");

    /// <summary>
    /// Where to put credentials for this registry. The destination's advice names the SDK_CONTAINER_* pair rather than
    /// DOTNET_CONTAINER_*: MSBuild records every DOTNET_* environment variable in -v:diag logs and binlogs, and names
    /// it never reads as a property it does not (docs/credentials.md). A base image's registry is sent only the pull
    /// pair, so that is what its advice names.
    /// </summary>
    public string HowToLogIn(string registry) => Role == RegistryRole.Pull
        ? $"This is the base image's registry, which is sent only pull credentials: log in with 'docker login {registry}' or 'podman login {registry}' " +
          $"(the SDK reads their config.json / auth.json and credential helpers), or set {EnvironmentCredentialProvider.PullUserNameVariable} and {EnvironmentCredentialProvider.PullPasswordVariable} " +
          $"(MSBuild records DOTNET_* variables in -v:diag logs and binlogs, so prefer the login). The destination's variables " +
          $"({EnvironmentCredentialProvider.UserNameVariable}/{EnvironmentCredentialProvider.LegacyUserNameVariable} and their passwords) are never sent to a base image's registry"
        : $"Log in with 'docker login {registry}' or 'podman login {registry}' (the SDK reads their config.json / auth.json and credential helpers), " +
          $"or set {EnvironmentCredentialProvider.LegacyUserNameVariable} and {EnvironmentCredentialProvider.LegacyPasswordVariable} (a user name and a password or access token) in the environment, " +
          $"which MSBuild does not record in -v:diag logs or binlogs (it does record DOTNET_* variables such as {EnvironmentCredentialProvider.PasswordVariable})";
}
