using System.Net.Http;
using Amazon.Runtime;
using Modelcar.Sources.Remote;

namespace Modelcar.Sources.S3;

/// <summary>
/// Gives the AWS SDK HTTP clients that trust ModelcarCaBundle's CAs on top of the system's (a MinIO or Ceph
/// endpoint behind a company CA), with the TLS policy that names a refused certificate.
/// </summary>
internal sealed class TrustingHttpClientFactory(SourceTls tls) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        var handler = new SocketsHttpHandler();
        tls.Configure(handler);
        return new HttpClient(handler);
    }

    // One client per S3 session (its own TLS policy): not shared through the SDK's cache across sessions.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
}
