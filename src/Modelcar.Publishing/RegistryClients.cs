using System.Security.Cryptography.X509Certificates;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Registry.Credentials;
using Modelcar.Oci.Registry.Retry;

namespace Modelcar.Publishing;

/// <summary>One registry client per registry a publish talks to (the destination, bases, oci:// sources), made on first use.</summary>
/// <param name="destination">The registry pushed to; only its client gets push credentials.</param>
internal sealed class RegistryClients(string destination, IModelcarLog log, X509Certificate2Collection? trustedRoots, RetryOptions retry) : IDisposable
{
    private readonly Dictionary<string, RegistryClient> _clients = new(StringComparer.Ordinal);

    public RegistryClient For(string registry) =>
        _clients.TryGetValue(registry, out RegistryClient? client) ? client : _clients[registry] = new RegistryClient(registry, new RegistryClientOptions
        {
            Log = log,
            // The destination's credentials never go to the base image's registry (see docs/credentials.md).
            Credentials = CredentialChain.Default(registry == destination ? RegistryRole.Push : RegistryRole.Pull, log),
            ExtraTrustedRoots = trustedRoots,
            Retry = retry,
        });

    public void Dispose()
    {
        foreach (RegistryClient client in _clients.Values) client.Dispose();
    }
}
