using System.Collections.Concurrent;
using System.Diagnostics;

namespace Modelcar.Oci.Publish;

/// <summary>
/// Counts bytes moved by all parallel transfers and writes a line every <c>interval</c> (bytes, share, rate and the
/// layers moving), so a long upload of a large model shows it is alive, in CI logs and under the terminal logger.
/// </summary>
internal sealed class TransferProgress : IProgress<long>, IDisposable
{
    private readonly IModelcarLog _log;
    private readonly long _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private readonly ConcurrentDictionary<long, string> _moving = new();
    private long _done;
    private long _nextTransfer;

    public TransferProgress(IModelcarLog log, long total, TimeSpan interval)
    {
        _log = log;
        _total = total;
        _timer = new Timer(_ => WriteLine(), null, interval, interval);
    }

    public void Report(long value) => Interlocked.Add(ref _done, value);

    /// <summary>Names a layer in the progress lines while it moves; dispose when it is done.</summary>
    public IDisposable Moving(string description)
    {
        long id = Interlocked.Increment(ref _nextTransfer);
        _moving[id] = description;
        return new Done(() => _moving.TryRemove(id, out _));
    }

    private void WriteLine()
    {
        long done = Interlocked.Read(ref _done);
        if (done == 0 || done >= _total) return;
        string[] moving = [.. _moving.OrderBy(m => m.Key).Select(m => m.Value)];
        string layers = moving.Length switch
        {
            0 => "",
            1 => $", {moving[0]}",
            _ => $", {moving[0]} and {moving.Length - 1} more",
        };
        _log.Progress($"  … {ByteSize.Format(done)} of {ByteSize.Format(_total)} ({100 * done / Math.Max(1, _total)}%), {ByteSize.Rate(done, _clock.Elapsed)}{layers}");
    }

    public void Dispose() => _timer.Dispose();

    private sealed class Done(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
