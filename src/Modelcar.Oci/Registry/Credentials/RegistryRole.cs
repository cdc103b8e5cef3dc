namespace Modelcar.Oci.Registry.Credentials;

/// <summary>
/// What a publish does with a registry. It picks the environment variables that apply, as the .NET SDK does:
/// the destination's credentials must not be sent to the registry the base image comes from (often a public one).
/// </summary>
public enum RegistryRole
{
    /// <summary>The destination (<c>ContainerRegistry</c>); it also serves a base image stored on it.</summary>
    Push,

    /// <summary>A registry only read from: the base image's, when it is not the destination.</summary>
    Pull,
}
