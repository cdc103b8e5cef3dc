using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Registry.Tls;

/// <summary>
/// The HTTP handler for one registry: a certificate is accepted when the system trusts it, or when it chains to
/// an extra CA from <see cref="CaBundle"/> (with the host name still checked). Unverified TLS is accepted only for
/// a registry <see cref="InsecureRegistryPolicy"/> allows, and only for that registry's own host, never for a
/// token service or storage it redirects to. Nothing else relaxes verification: no silent downgrade.
/// </summary>
public static class RegistryHttpHandler
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    public static SocketsHttpHandler Create(string registry, IReadOnlyCollection<string> insecureRegistries, X509Certificate2Collection? extraRoots)
    {
        string apiHost = registry is ImageReference.DockerHub or "index.docker.io" ? "registry-1.docker.io" : registry;
        bool insecureAllowed = InsecureRegistryPolicy.IsInsecureAllowed(registry, insecureRegistries);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        string insecureHost = InsecureRegistryPolicy.HostOf(apiHost).Trim('[', ']');
        if (insecureAllowed || extraRoots is { Count: > 0 })
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, presented, errors) =>
                errors == SslPolicyErrors.None ||
                (insecureAllowed && sender is SslStream stream && string.Equals(stream.TargetHostName.Trim('[', ']'), insecureHost, StringComparison.OrdinalIgnoreCase)) ||
                (extraRoots is { Count: > 0 } && ChainsToExtraRoot(certificate, presented, errors, extraRoots));
        }
        return handler;
    }

    /// <summary>
    /// True when the only problem is the chain, and the chain is valid with the extra CAs as trust anchors. A name
    /// mismatch is never forgiven: a CA bundle vouches for certificates, not for which host presents them.
    /// </summary>
    /// <param name="presented">
    /// The chain the TLS layer built, which holds the intermediates the server sent. A company PKI (Harbor,
    /// Artifactory, Nexus) issues the server's certificate from an intermediate CA and hands users only the root, so
    /// the chain can reach a root of the bundle only through those intermediates. They are candidates for the path,
    /// never anchors: trust still ends at a certificate of the bundle.
    /// </param>
    internal static bool ChainsToExtraRoot(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2Collection extraRoots)
    {
        if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(extraRoots);
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            foreach (var element in presented.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        // Test and company CAs rarely publish revocation lists; the system store's certificates are checked as usual.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
