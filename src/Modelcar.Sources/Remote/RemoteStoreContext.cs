using Modelcar.Oci;

namespace Modelcar.Sources.Remote;

/// <summary>What every store may use: the build log and the environment (tokens, endpoints), injectable for tests.</summary>
/// <param name="Log">Progress and warnings; never given a secret.</param>
/// <param name="GetEnvironmentVariable">Reads an environment variable; tests pass a dictionary's lookup.</param>
public sealed record RemoteStoreContext(IOciLog Log, Func<string, string?> GetEnvironmentVariable)
{
    public static RemoteStoreContext FromProcess(IOciLog log) => new(log, Environment.GetEnvironmentVariable);
}
