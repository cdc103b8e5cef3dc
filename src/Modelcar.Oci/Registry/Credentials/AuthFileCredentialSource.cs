using System.Text;
using System.Text.Json;

namespace Modelcar.Oci.Registry.Credentials;

/// <summary>
/// Reads one credential file in docker's config.json format, which podman's and buildah's auth.json share:
/// <c>credHelpers</c> (a helper per registry), <c>credsStore</c> (a helper for all), and <c>auths</c> with
/// <c>auth</c> (base64 of <c>user:password</c>) or <c>identitytoken</c>. A per-registry helper wins over the
/// store, and the store over a plain entry, as in docker. A missing file has nothing; a broken one is an error.
/// </summary>
public sealed class AuthFileCredentialSource(string path, IModelcarLog log) : ICredentialSource
{
    public string Path { get; } = path;

    public async Task<FoundCredential?> FindAsync(string registry, CancellationToken ct)
    {
        if (!File.Exists(Path)) return null;
        using var document = Load();
        var root = document.RootElement;

        if (FindEntry(root, "credHelpers", registry) is { ValueKind: JsonValueKind.String } named && named.GetString() is { Length: > 0 } helper)
        {
            var credential = await CredentialHelper.GetAsync(helper, RegistryKeys.HelperServerUrl(registry), Path, ct).ConfigureAwait(false);
            return credential is null ? null : new FoundCredential(credential, $"the credential helper '{CredentialHelper.ExecutableName(helper)}' (credHelpers in {Path})");
        }

        if (root.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String && store.GetString() is { Length: > 0 } storeName)
        {
            try
            {
                var credential = await CredentialHelper.GetAsync(storeName, RegistryKeys.HelperServerUrl(registry), Path, ct).ConfigureAwait(false);
                if (credential is not null) return new FoundCredential(credential, $"the credential store '{CredentialHelper.ExecutableName(storeName)}' (credsStore in {Path})");
            }
            catch (ModelcarException e) when (e.Code == ErrorCodes.CredentialHelperNotFound)
            {
                // A config.json copied from Docker Desktop names "desktop" even on machines without it; docker itself
                // then fails, but a build that needs no credentials for this registry should not.
                log.Detail($"Skipping credsStore '{storeName}' in {Path}: {CredentialHelper.ExecutableName(storeName)} is not on PATH.");
            }
        }

        if (FindEntry(root, "auths", registry) is { ValueKind: JsonValueKind.Object } entry)
        {
            var credential = FromEntry(entry, registry);
            if (credential is not null) return new FoundCredential(credential, $"the 'auths' entry in {Path}");
        }
        return null;
    }

    private JsonDocument Load()
    {
        try
        {
            var document = JsonDocument.Parse(File.ReadAllBytes(Path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw Invalid("it is not a JSON object");
            }
            return document;
        }
        catch (JsonException e)
        {
            throw Invalid($"it is not valid JSON (line {e.LineNumber + 1})");
        }
        catch (IOException e)
        {
            throw Invalid(e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            throw Invalid(e.Message);
        }
    }

    /// <summary>The entry whose key names <paramref name="registry"/>, comparing keys the way docker writes them.</summary>
    private static JsonElement? FindEntry(JsonElement root, string section, string registry)
    {
        if (!root.TryGetProperty(section, out var map) || map.ValueKind != JsonValueKind.Object) return null;
        foreach (var property in map.EnumerateObject())
        {
            if (RegistryKeys.Matches(property.Name, registry) && !HasRepositoryPath(property.Name)) return property.Value;
        }
        return null;
    }

    // podman also accepts keys scoped to a repository ("quay.io/acme"); they do not apply to a whole registry.
    private static bool HasRepositoryPath(string key)
    {
        string text = key.Contains("://", StringComparison.Ordinal) ? key[(key.IndexOf("://", StringComparison.Ordinal) + 3)..] : key;
        int slash = text.IndexOf('/');
        return slash >= 0 && text[(slash + 1)..].Trim('/') is { Length: > 0 } rest && rest is not ("v1" or "v2");
    }

    private RegistryCredential? FromEntry(JsonElement entry, string registry)
    {
        string? user = null, password = null;
        if (entry.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.String && auth.GetString() is { Length: > 0 } encoded)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                throw Invalid($"the 'auth' of '{registry}' is not base64");
            }
            int colon = decoded.IndexOf(':');
            if (colon <= 0) throw Invalid($"the 'auth' of '{registry}' does not decode to user:password");
            user = decoded[..colon];
            password = decoded[(colon + 1)..];
        }
        else if (entry.TryGetProperty("username", out var u) && u.ValueKind == JsonValueKind.String &&
                 entry.TryGetProperty("password", out var p) && p.ValueKind == JsonValueKind.String)
        {
            user = u.GetString();
            password = p.GetString();
        }

        if (entry.TryGetProperty("identitytoken", out var token) && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 } identity)
        {
            // With an identity token, docker stores "<token>" or the account as user and no usable password.
            return new RegistryCredential(user is null or "<token>" ? null : user, null, identity);
        }
        return string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password) ? null : new RegistryCredential(user, password);
    }

    private ModelcarException Invalid(string why) =>
        new(ErrorCodes.InvalidCredentialFile, $"Cannot read the credentials file '{Path}': {why}. Fix or delete the file, or log in again (docker login / podman login).");
}
