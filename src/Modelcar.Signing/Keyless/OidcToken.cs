using System.Text;
using System.Text.Json.Nodes;

namespace Modelcar.Signing.Keyless;

/// <summary>
/// An OIDC identity token and the claims keyless signing needs. The token is a bearer secret: it is only ever sent
/// to Fulcio, never logged; <see cref="ToString"/> shows the claims, not the token.
/// </summary>
public sealed class OidcToken
{
    private OidcToken(string raw, string issuer, string subject, string? email)
    {
        Raw = raw;
        Issuer = issuer;
        Subject = subject;
        Email = email;
    }

    public string Raw { get; }

    public string Issuer { get; }

    public string Subject { get; }

    public string? Email { get; }

    /// <summary>
    /// What Fulcio's proof of possession signs: the email for the issuers that identify people by email
    /// (Google, Sigstore's own Dex), the subject for every other issuer (GitHub Actions, Azure, GitLab...).
    /// </summary>
    public string ProofSubject => Issuer is "https://accounts.google.com" or "https://oauth2.sigstore.dev/auth" && Email is not null ? Email : Subject;

    public override string ToString() => $"iss={Issuer} sub={Subject}";

    public static OidcToken Parse(string raw, string origin)
    {
        string[] parts = raw.Trim().Split('.');
        try
        {
            if (parts.Length != 3) throw new FormatException("not three dot-separated parts");
            string payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
            var claims = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)))?.AsObject()
                ?? throw new FormatException("empty claims");
            string issuer = claims["iss"]?.GetValue<string>() ?? throw new FormatException("no 'iss' claim");
            string subject = claims["sub"]?.GetValue<string>() ?? throw new FormatException("no 'sub' claim");
            return new OidcToken(raw.Trim(), issuer, subject, claims["email"]?.GetValue<string>());
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new ModelcarException(ErrorCodes.KeylessSigningFailed,
                $"The OIDC token from {origin} is not a JWT with 'iss' and 'sub' claims ({e.Message}). Give the identity token itself (three base64url parts), with audience 'sigstore'.");
        }
    }
}
