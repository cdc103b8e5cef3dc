
namespace Modelcar.Sources.Remote;

/// <summary>What every store may use: the build log and the environment (tokens, endpoints), injectable for tests.</summary>
/// <param name="Log">Progress and warnings; never given a secret.</param>
/// <param name="GetEnvironmentVariable">Reads an environment variable; tests pass a dictionary's lookup.</param>
public sealed record RemoteStoreContext(IModelcarLog Log, Func<string, string?> GetEnvironmentVariable)
{
    /// <summary>CAs trusted for https sources on top of the system's (ModelcarCaBundle); null for none.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection? ExtraTrustedRoots { get; init; }

    public static RemoteStoreContext FromProcess(IModelcarLog log) => new(log, Environment.GetEnvironmentVariable);
}
