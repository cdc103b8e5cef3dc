using System.Collections.Concurrent;

namespace Modelcar.Oci.Tests.Support;

/// <summary>Keeps every line; an optional hook sees each Info line as it is written.</summary>
internal sealed class CollectingLog(Action<string>? onInfo = null) : IModelcarLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Info(string message)
    {
        Lines.Enqueue(message);
        onInfo?.Invoke(message);
    }

    public void Detail(string message) => Lines.Enqueue(message);

    public void Warning(string code, string message) => Lines.Enqueue($"warning {code}: {message}");
}
