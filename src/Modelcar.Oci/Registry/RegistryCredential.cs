namespace Modelcar.Oci.Registry;

/// <summary>Where a <see cref="RegistryClient"/> gets the credentials for a registry; null means anonymous.</summary>
public interface ICredentialProvider
{
    Task<RegistryCredential?> GetAsync(string registry, CancellationToken ct);
}

/// <summary>
/// A user name and password (or access token used as password), or an OAuth2 refresh token ("identity token",
/// what <c>docker login</c> stores for Azure Container Registry).
/// </summary>
public sealed record RegistryCredential(string? Username, string? Password, string? IdentityToken = null)
{
    internal bool HasPassword => !string.IsNullOrEmpty(Username) && Password is not null;

    // Records print every property; a credential ends up in exception messages and debugger views, so the
    // secrets must never be part of its text.
    public override string ToString() =>
        $"RegistryCredential {{ Username = {Username ?? "(none)"}, Password = {(Password is null ? "(none)" : "***")}, IdentityToken = {(IdentityToken is null ? "(none)" : "***")} }}";
}
