namespace Modelcar.Oci.Registry.Credentials;

/// <summary>
/// What an error message may say about the credentials a provider gave: the role it serves (which decides the advice:
/// a base image's registry is sent only pull variables) and where the credential came from, never the secret.
/// </summary>
public interface ICredentialOrigin
{
    RegistryRole Role { get; }

    /// <summary>Where the credential for <paramref name="registry"/> came from (a variable pair or a file), or null when none was found.</summary>
    string? SourceOf(string registry);
}
