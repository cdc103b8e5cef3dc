using System.Collections.Concurrent;
using Modelcar.Sources.Remote;

namespace Modelcar.Sources.Tests.Remote;

/// <summary>Collects log lines so tests can check what a user would read (and that no secret is in it).</summary>
internal sealed class CollectingLog : IModelcarLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Info(string message) => Lines.Enqueue("info: " + message);
    public void Detail(string message) => Lines.Enqueue("detail: " + message);
    public void Warning(string code, string message) => Lines.Enqueue($"warning {code}: {message}");

    public string All => string.Join('\n', Lines);
}

/// <summary>A temporary download cache and an environment for one test.</summary>
internal sealed class RemoteTestKit : IDisposable
{
    public string Cache { get; } = Path.Combine(Path.GetTempPath(), "modelcar-cache-tests-" + Guid.NewGuid().ToString("N"));

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public CollectingLog Log { get; } = new();

    public RemoteStoreContext Context => new(Log, name => Environment.TryGetValue(name, out string? value) ? value : null);

    public RemoteSourceOptions Options(bool stream = false) => new() { CacheDirectory = Cache, Stream = stream };

    public static ModelSourceSpec Spec(string uri, string targetPath = "", params (string Key, string Value)[] metadata) =>
        new(uri, targetPath, metadata.ToDictionary(m => m.Key, m => m.Value));

    /// <summary>Where a downloaded file's bytes are on disk; fails the test (a cast) when the file is not local.</summary>
    public static string LocalPathOf(ResolvedModelFile file) => ((LocalContent)file.Content).Path;

    /// <summary>Files left in the cache whose name says they are partial downloads.</summary>
    public string[] PartialFiles() => Directory.Exists(Cache) ? Directory.GetFiles(Cache, "*.partial", SearchOption.AllDirectories) : [];

    public void Dispose()
    {
        try { Directory.Delete(Cache, recursive: true); } catch (IOException) { }
    }
}
