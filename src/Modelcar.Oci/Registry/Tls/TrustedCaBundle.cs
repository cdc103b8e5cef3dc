using System.Security.Cryptography.X509Certificates;

namespace Modelcar.Oci.Registry.Tls;

/// <summary>
/// The one CA setting for everything the SDK reaches over https, registries and ModelSource servers alike:
/// <c>ModelcarCaBundle</c> / <c>MODELCAR_CA_BUNDLE</c>. The older registry-only names (<c>ModelcarRegistryCaBundle</c>
/// / <c>MODELCAR_REGISTRY_CA_BUNDLE</c>) keep working and now cover sources too.
/// </summary>
public static class TrustedCaBundle
{
    public const string EnvironmentVariable = "MODELCAR_CA_BUNDLE";

    /// <summary>The first of: the general setting, the registry-only one, their environment variables; null when none is set.</summary>
    public static X509Certificate2Collection? Resolve(string? general, string? registryOnly)
    {
        if (!string.IsNullOrWhiteSpace(general)) return CaBundle.Load(general, "ModelcarCaBundle / MODELCAR_CA_BUNDLE");
        if (!string.IsNullOrWhiteSpace(registryOnly)) return CaBundle.Load(registryOnly, "ModelcarRegistryCaBundle / MODELCAR_REGISTRY_CA_BUNDLE");
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return !string.IsNullOrWhiteSpace(fromEnvironment)
            ? CaBundle.Load(fromEnvironment, EnvironmentVariable)
            : CaBundle.Resolve(null);
    }
}
