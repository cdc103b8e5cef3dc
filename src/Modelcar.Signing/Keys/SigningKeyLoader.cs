using System.Security.Cryptography;

namespace Modelcar.Signing.Keys;

/// <summary>
/// Loads the keyed-signing private key named by <c>ModelcarSigningKey</c>: a path to a PEM file, or <c>env:VAR</c>
/// for a variable that holds the PEM text. The key's bytes never appear in a message: errors name the path or the
/// variable, never its content.
/// </summary>
public static class SigningKeyLoader
{
    public const string EnvironmentPrefix = "env:";

    public static ECDsa Load(string keySpec, string? passwordVariable, string projectDirectory,
        Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string pem = ReadPem(keySpec, projectDirectory, environment);
        string? password = string.IsNullOrEmpty(passwordVariable) ? null : environment(passwordVariable);
        return Import(pem, keySpec, passwordVariable, password);
    }

    /// <summary>Where the key comes from, safe to log: the path or the variable's name.</summary>
    public static string Describe(string keySpec) => keySpec.StartsWith(EnvironmentPrefix, StringComparison.Ordinal)
        ? $"the environment variable {keySpec[EnvironmentPrefix.Length..]}"
        : $"the file '{keySpec}'";

    private static string ReadPem(string keySpec, string projectDirectory, Func<string, string?> environment)
    {
        if (keySpec.StartsWith(EnvironmentPrefix, StringComparison.Ordinal))
        {
            string variable = keySpec[EnvironmentPrefix.Length..];
            string? value = variable.Length == 0 ? null : environment(variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ModelcarException(ErrorCodes.InvalidSigningInput,
                    $"ModelcarSigningKey is '{keySpec}', but the environment variable '{variable}' is not set or empty. Set it to the PEM text of the private key (for example from a CI secret).");
            }
            return value;
        }
        string path = Path.GetFullPath(Path.Combine(projectDirectory, keySpec));
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelcarException(ErrorCodes.InvalidSigningInput,
                $"ModelcarSigningKey '{keySpec}' cannot be read ({e.GetType().Name}). Give the path of a PEM private key file, or 'env:VARIABLE' for a variable holding the PEM.");
        }
    }

    private static ECDsa Import(string pem, string keySpec, string? passwordVariable, string? password)
    {
        string where = Describe(keySpec);
        if (pem.Contains("SIGSTORE PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new ModelcarException(ErrorCodes.InvalidSigningInput,
                $"The key in {where} is in cosign's own encrypted format, which Modelcar.Sdk does not read. Give an ECDSA P-256 key as PKCS#8 or SEC1 PEM (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256).");
        }
        var key = ECDsa.Create();
        try
        {
            if (pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
            {
                if (string.IsNullOrEmpty(password))
                {
                    throw new ModelcarException(ErrorCodes.InvalidSigningInput,
                        $"The key in {where} is encrypted, but no password was given. Set ModelcarSigningKeyPasswordVariable to the name of an environment variable that holds the password{(string.IsNullOrEmpty(passwordVariable) ? "" : $" (now '{passwordVariable}', which is empty)")}.");
                }
                key.ImportFromEncryptedPem(pem, password);
            }
            else
            {
                key.ImportFromPem(pem);
            }
        }
        catch (CryptographicException)
        {
            key.Dispose();
            throw new ModelcarException(ErrorCodes.InvalidSigningInput,
                $"{Capitalize(where)} holds no ECDSA private key that can be read (or its password is wrong). Give an unencrypted or PKCS#8-encrypted ECDSA P-256 private key in PEM.");
        }
        catch (ArgumentException)
        {
            key.Dispose();
            throw new ModelcarException(ErrorCodes.InvalidSigningInput,
                $"{Capitalize(where)} holds no PEM private key. Give an ECDSA P-256 private key in PEM ('-----BEGIN PRIVATE KEY-----' or '-----BEGIN EC PRIVATE KEY-----').");
        }
        if (!IsP256(key))
        {
            key.Dispose();
            throw new ModelcarException(ErrorCodes.InvalidSigningInput,
                $"The key in {where} is not on the P-256 curve. Sigstore's ECDSA signatures here use P-256 with SHA-256; give a P-256 key.");
        }
        return key;
    }

    internal static bool IsP256(ECDsa key)
    {
        var curve = key.ExportParameters(false).Curve;
        return curve.Oid?.Value == ECCurve.NamedCurves.nistP256.Oid.Value
            || curve.Oid?.FriendlyName is "nistP256" or "ECDSA_P256" or "prime256v1" or "secp256r1";
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
