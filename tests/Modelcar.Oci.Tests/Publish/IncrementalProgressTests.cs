using Modelcar.Oci.Publish;

namespace Modelcar.Oci.Tests.Publish;

[TestClass]
public sealed class IncrementalProgressTests
{
    [TestMethod]
    public void RunningTotals_BecomeIncrements_ThatAddUpToTheTotal()
    {
        var increments = new List<long>();
        var progress = new IncrementalProgress(new Sink(increments.Add));

        foreach (long total in new long[] { 4, 8, 12, 12, 13 }) progress.Report(total);

        CollectionAssert.AreEqual(new long[] { 4, 4, 4, 1 }, increments);
        Assert.AreEqual(13, increments.Sum());
    }

    private sealed class Sink(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
