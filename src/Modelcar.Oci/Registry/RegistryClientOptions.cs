namespace Modelcar.Oci.Registry;

/// <summary>How a <see cref="RegistryClient"/> authenticates, logs, connects and uploads.</summary>
public sealed class RegistryClientOptions
{
    public ICredentialProvider Credentials { get; init; } = new EnvironmentCredentialProvider();

    public IOciLog Log { get; init; } = NullOciLog.Instance;

    /// <summary>
    /// The handler requests go through; tests inject one. When null the client owns a SocketsHttpHandler with a
    /// connect timeout and no automatic redirects (the client follows them itself to control Authorization).
    /// </summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>Bytes per PATCH for chunked uploads, and the size below which a blob goes up in one PUT.</summary>
    public int ChunkSize { get; init; } = 16 * 1024 * 1024;

    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = InsecureRegistryPolicy.FromEnvironment();
}
