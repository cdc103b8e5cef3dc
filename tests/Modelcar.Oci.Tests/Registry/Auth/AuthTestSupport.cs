using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Tests.Registry.Auth;

/// <summary>A fixed credential (or none), so a test decides exactly what the client presents.</summary>
internal sealed class StaticCredentials(RegistryCredential? credential) : ICredentialProvider
{
    public Task<RegistryCredential?> GetAsync(string registry, CancellationToken ct) => Task.FromResult(credential);
}

internal static class AuthTestSupport
{
    public static string NewRepository(string name) => $"modelcar-tests/auth-{name}-{Guid.NewGuid():N}";

    public static byte[] RandomBytes(int count) => RandomNumberGenerator.GetBytes(count);

    /// <summary>
    /// Connects every host name to 127.0.0.1 on the requested port: a stand-in for DNS, so a real loopback registry
    /// can be addressed by a non-loopback name and the insecure-registry policy and certificate checks really apply.
    /// </summary>
    public static SocketsHttpHandler ConnectToLoopback(SocketsHttpHandler handler)
    {
        handler.ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
        return handler;
    }

    /// <summary>Pushes a config blob and a manifest with no layers (a valid image manifest for the registry) under <paramref name="tag"/>.</summary>
    public static async Task<Digest> PushMinimalImageAsync(RegistryClient client, string repository, string tag, CancellationToken ct)
    {
        byte[] config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""");
        var (configDigest, configSize) = await client.PushBlobStreamAsync(repository, new MemoryStream(config), null, ct);
        byte[] manifest = Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{configDigest}}","size":{{configSize}}},"layers":[]}""");
        await client.PutManifestAsync(repository, tag, manifest, "application/vnd.oci.image.manifest.v1+json", ct);
        return Digest.ComputeSha256(manifest);
    }
}
