using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Modelcar.Oci.Registry.Tls;

/// <summary>
/// Extra certificate authorities to trust for registries, on top of the system store: a PEM file with one or
/// more certificates, as a company CA or a test registry's CA comes. Named like <c>SSL_CERT_FILE</c> but added to
/// the system roots rather than replacing them, so public registries keep working in the same build.
/// </summary>
public static class CaBundle
{
    /// <summary>The environment variable read when the MSBuild property <c>ModelcarRegistryCaBundle</c> is empty.</summary>
    public const string EnvironmentVariable = "MODELCAR_REGISTRY_CA_BUNDLE";

    /// <summary>The bundle at <paramref name="path"/>, or null for an empty path; a missing or empty file is MODELCAR050.</summary>
    public static X509Certificate2Collection? Load(string? path, string origin)
    {
        if (string.IsNullOrWhiteSpace(path)) return null;
        if (!File.Exists(path))
        {
            throw new ModelcarException(ErrorCodes.InvalidCaBundle,
                $"The CA bundle '{path}' ({origin}) does not exist. Give the path of a PEM file with the registry's CA certificate(s), or unset it.");
        }
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (CryptographicException e)
        {
            throw new ModelcarException(ErrorCodes.InvalidCaBundle, $"The CA bundle '{path}' ({origin}) is not a PEM certificate file: {e.Message}");
        }
        if (certificates.Count == 0)
        {
            throw new ModelcarException(ErrorCodes.InvalidCaBundle,
                $"The CA bundle '{path}' ({origin}) holds no '-----BEGIN CERTIFICATE-----' block. Give a PEM file with the registry's CA certificate(s).");
        }
        return certificates;
    }

    /// <summary>The property's value when set, else the environment variable's.</summary>
    public static X509Certificate2Collection? Resolve(string? propertyValue) =>
        !string.IsNullOrWhiteSpace(propertyValue)
            ? Load(propertyValue, "ModelcarRegistryCaBundle / MODELCAR_REGISTRY_CA_BUNDLE")
            : Load(Environment.GetEnvironmentVariable(EnvironmentVariable), EnvironmentVariable);
}
