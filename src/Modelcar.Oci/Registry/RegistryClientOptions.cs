using System.Security.Cryptography.X509Certificates;
using Modelcar.Oci.Registry.Retry;

namespace Modelcar.Oci.Registry;

/// <summary>How a <see cref="RegistryClient"/> authenticates, logs, connects and uploads.</summary>
public sealed class RegistryClientOptions
{
    public ICredentialProvider Credentials { get; init; } = new EnvironmentCredentialProvider();

    public IModelcarLog Log { get; init; } = NullModelcarLog.Instance;

    /// <summary>
    /// The handler requests go through; tests inject one. When null the client owns a SocketsHttpHandler with a
    /// connect timeout and no automatic redirects (the client follows them itself to control Authorization).
    /// </summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>
    /// Bytes per PATCH for chunked uploads, and the size below which a blob goes up in one PUT. A registry may lower
    /// it (a known cap such as ghcr.io's 4 MiB, or a 413 answer) or raise it (<c>OCI-Chunk-Min-Length</c>).
    /// </summary>
    public int ChunkSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// Send a blob larger than one chunk in a single PATCH of all its bytes when the registry has no known body
    /// limit (distribution ingests one long request about a third faster than 16 MiB chunks on loopback); a break
    /// goes on in chunks from the registry's offset. False: chunks only.
    /// </summary>
    public bool WholeBlobUploads { get; init; } = true;

    /// <summary>Retries, backoff and the no-progress timeout for every request.</summary>
    public RetryOptions Retry { get; init; } = new();

    /// <summary>Certificates trusted on top of the system store (a private CA), for the registry and its token service.</summary>
    public X509Certificate2Collection? ExtraTrustedRoots { get; init; }

    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = InsecureRegistryPolicy.FromEnvironment();

    /// <summary>
    /// How long one upload request may take before the registry drops it; null takes the registry's documented window
    /// (<see cref="Limits.RegistryLimits"/>: ghcr.io 10 minutes, gcr.io 2 hours), none for other registries.
    /// </summary>
    public TimeSpan? UploadWindow { get; init; }

    /// <summary>The clock upload throughput is measured with; tests move it by hand.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
