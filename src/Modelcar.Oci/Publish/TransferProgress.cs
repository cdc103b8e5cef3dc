using System.Diagnostics;

namespace Modelcar.Oci.Publish;

/// <summary>
/// Counts bytes moved by all parallel transfers and writes a line every <c>interval</c>, so a long upload
/// of a large model shows it is alive in CI logs that only print finished lines.
/// </summary>
internal sealed class TransferProgress : IProgress<long>, IDisposable
{
    private readonly IOciLog _log;
    private readonly long _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private long _done;

    public TransferProgress(IOciLog log, long total, TimeSpan interval)
    {
        _log = log;
        _total = total;
        _timer = new Timer(_ => WriteLine(), null, interval, interval);
    }

    public void Report(long value) => Interlocked.Add(ref _done, value);

    private void WriteLine()
    {
        long done = Interlocked.Read(ref _done);
        if (done == 0 || done >= _total) return;
        _log.Info($"  … {ByteSize.Format(done)} of {ByteSize.Format(_total)} ({100 * done / Math.Max(1, _total)}%), {ByteSize.Rate(done, _clock.Elapsed)}");
    }

    public void Dispose() => _timer.Dispose();
}
