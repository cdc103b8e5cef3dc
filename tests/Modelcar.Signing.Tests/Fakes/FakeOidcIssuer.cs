using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Modelcar.Signing.Tests.Fakes;

/// <summary>
/// A fake OIDC issuer: mints ES256 identity tokens (as GitHub Actions' token service or Azure's would) that only the
/// fake Fulcio trusts. A fake because no real identity provider can run here.
/// </summary>
public sealed class FakeOidcIssuer : IDisposable
{
    public const string GitHubIssuer = "https://token.actions.githubusercontent.com";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string Mint(string issuer, string subject, string audience = "sigstore", TimeSpan? lifetime = null, JsonObject? extraClaims = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new JsonObject
        {
            ["iss"] = issuer,
            ["sub"] = subject,
            ["aud"] = audience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime ?? TimeSpan.FromMinutes(5)).ToUnixTimeSeconds(),
        };
        foreach (var (name, value) in extraClaims ?? []) claims[name] = value?.DeepClone();
        string signingInput = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"ES256\",\"typ\":\"JWT\"}")) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        byte[] signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256); // IEEE P1363, as JWS wants
        return signingInput + "." + Base64Url(signature);
    }

    /// <summary>A GitHub Actions-like token: the subject names the repository and ref, job_workflow_ref the workflow.</summary>
    public string MintGitHubActions(string repository, string workflowRef) => Mint(GitHubIssuer, $"repo:{repository}:ref:refs/heads/main",
        extraClaims: new JsonObject { ["job_workflow_ref"] = workflowRef, ["repository"] = repository });

    /// <summary>Checks a token's signature and expiry; returns its claims or null.</summary>
    public JsonObject? Validate(string token)
    {
        string[] parts = token.Split('.');
        if (parts.Length != 3) return null;
        if (!_key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]), HashAlgorithmName.SHA256)) return null;
        var claims = JsonNode.Parse(FromBase64Url(parts[1]))!.AsObject();
        if (claims["exp"]!.GetValue<long>() < DateTimeOffset.UtcNow.ToUnixTimeSeconds()) return null;
        return claims;
    }

    public void Dispose() => _key.Dispose();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        text = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(text.PadRight(text.Length + (4 - text.Length % 4) % 4, '='));
    }
}
