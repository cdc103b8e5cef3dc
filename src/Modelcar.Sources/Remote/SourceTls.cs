using System.Collections.Concurrent;
using System.Net.Http;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Modelcar.Sources.Remote;

/// <summary>
/// TLS for https sources: the system's CAs plus the extra ones of <c>ModelcarCaBundle</c> (a company CA), the host
/// name always checked. It remembers the certificate it refused per host, so the error names it ("certificate not
/// trusted: subject, issued by issuer; set ...") instead of .NET's "see inner exception", which no log shows.
/// </summary>
public sealed class SourceTls(X509Certificate2Collection? extraRoots)
{
    private readonly ConcurrentDictionary<string, Refusal> _refused = new(StringComparer.OrdinalIgnoreCase);

    private sealed record Refusal(string Subject, string Issuer, SslPolicyErrors Errors);

    public void Configure(SocketsHttpHandler handler) => handler.SslOptions.RemoteCertificateValidationCallback = Validate;

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate is not null && extraRoots is { Count: > 0 }
            && ChainsToExtraRoot(certificate, chain, extraRoots))
        {
            return true;
        }
        string host = (sender as SslStream)?.TargetHostName ?? "";
        if (certificate is not null) _refused[host.Trim('[', ']')] = new Refusal(certificate.Subject, certificate.Issuer, errors);
        return false;
    }

    /// <summary>
    /// Valid with the extra CAs as the trust anchors, using the intermediates the server sent (in the chain the
    /// system built), as curl does with a CA file.
    /// </summary>
    private static bool ChainsToExtraRoot(X509Certificate certificate, X509Chain? serverChain, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        // Company CAs rarely publish revocation lists; certificates of the system's CAs are checked by the system.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (serverChain is not null)
        {
            foreach (X509ChainElement element in serverChain.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    /// <summary>The coded error for a failed TLS handshake with <paramref name="uri"/>'s host, or null for any other failure.</summary>
    public ModelcarException? Explain(HttpRequestException e, Uri uri, string display)
    {
        if (e.HttpRequestError != HttpRequestError.SecureConnectionError && e.InnerException is not AuthenticationException) return null;
        if (!_refused.TryGetValue(uri.IdnHost.Trim('[', ']'), out Refusal? refusal))
        {
            return new ModelcarException(ErrorCodes.SourceCertificateNotTrusted,
                $"Cannot make a TLS connection to '{display}': {e.InnerException?.Message ?? e.Message} If the server uses a company CA, set ModelcarCaBundle (or the MODELCAR_CA_BUNDLE environment variable) to a PEM file with that CA.", e);
        }
        if (refusal.Errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return new ModelcarException(ErrorCodes.SourceCertificateNotTrusted,
                $"Cannot make a TLS connection to '{display}': its certificate ({refusal.Subject}, issued by {refusal.Issuer}) is not for the host '{uri.Host}'. Use the host name the certificate names; a CA bundle does not make a certificate valid for another name.", e);
        }
        return new ModelcarException(ErrorCodes.SourceCertificateNotTrusted,
            $"Cannot make a TLS connection to '{display}': certificate not trusted: {refusal.Subject}, issued by {refusal.Issuer}; set ModelcarCaBundle (or the MODELCAR_CA_BUNDLE environment variable) to a PEM file with the CA that issued it.", e);
    }
}
