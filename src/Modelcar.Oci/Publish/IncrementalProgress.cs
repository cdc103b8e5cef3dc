namespace Modelcar.Oci.Publish;

/// <summary>
/// Turns one transfer's running totals (what <see cref="Registry.RegistryClient.PushBlobStreamAsync"/> reports)
/// into the increments an <see cref="IImageTarget"/> reports, so that parallel transfers can add into one counter.
/// One instance per transfer.
/// </summary>
internal sealed class IncrementalProgress(IProgress<long> increments) : IProgress<long>
{
    private long _lastTotal;

    public void Report(long total)
    {
        long previous = Interlocked.Exchange(ref _lastTotal, total);
        if (total > previous) increments.Report(total - previous);
    }
}
