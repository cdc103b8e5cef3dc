using System.Security.Cryptography;
using Modelcar.Oci.Layout;

namespace Modelcar.Oci.Tests.Layout;

/// <summary>
/// The archive's copy: the next block is read while the last one is hashed and written, on another thread; the
/// blocks still arrive whole, in order, and a failure on either side stops the copy with nothing left running.
/// </summary>
[TestClass]
public sealed class OverlappedCopyTests
{
    private const int BlockSize = 4096;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task SmallReads_ArriveAsWholeBlocks_InOrder_WithProgressForEveryByte()
    {
        byte[] data = RandomNumberGenerator.GetBytes(3 * BlockSize + 123);
        var consumed = new MemoryStream();
        var blockLengths = new List<int>();
        var progress = new SumProgress();

        long copied = await OverlappedCopy.CopyAsync(new TrickleStream(data, maxPerRead: 7), BlockSize, block =>
        {
            blockLengths.Add(block.Length);
            consumed.Write(block.Span);
        }, progress, TestContext.CancellationToken);

        Assert.AreEqual(data.Length, copied);
        CollectionAssert.AreEqual(data, consumed.ToArray());
        CollectionAssert.AreEqual(new[] { BlockSize, BlockSize, BlockSize, 123 }, blockLengths);
        Assert.AreEqual(data.Length, progress.Total);
    }

    [TestMethod]
    public async Task ReadingTheNextBlock_OverlapsConsumingThePreviousOne()
    {
        using var secondReadStarted = new ManualResetEventSlim();
        var source = new TrickleStream(new byte[2 * BlockSize], maxPerRead: BlockSize) { OnRead = n => { if (n == 1) secondReadStarted.Set(); } };
        bool overlapped = false;

        await OverlappedCopy.CopyAsync(source, BlockSize, block =>
        {
            // Sequential code would read block 2 only after this returns: the wait would time out.
            if (!overlapped) overlapped = secondReadStarted.Wait(TimeSpan.FromSeconds(30));
        }, null, TestContext.CancellationToken);

        Assert.IsTrue(overlapped, "block 2 was read while block 1 was being consumed");
    }

    [TestMethod]
    public async Task ConsumerFailure_StopsTheCopy_WithThatException()
    {
        byte[] data = new byte[10 * BlockSize];
        int consumed = 0;

        var e = await Assert.ThrowsExactlyAsync<IOException>(() => OverlappedCopy.CopyAsync(new MemoryStream(data), BlockSize, _ =>
        {
            if (++consumed == 2) throw new IOException("disk full");
        }, null, TestContext.CancellationToken));

        Assert.AreEqual("disk full", e.Message);
        Assert.AreEqual(2, consumed, "no block is consumed after the one that failed");
    }

    [TestMethod]
    public async Task ReadFailure_ReturnsOnlyOnceTheConsumerHasFinished()
    {
        var source = new TrickleStream(new byte[3 * BlockSize], maxPerRead: BlockSize) { OnRead = n => { if (n == 1) throw new IOException("file vanished"); } };
        bool consumerFinished = false;

        var e = await Assert.ThrowsExactlyAsync<IOException>(() => OverlappedCopy.CopyAsync(source, BlockSize, _ =>
        {
            Thread.Sleep(300);
            consumerFinished = true;
        }, null, TestContext.CancellationToken));

        Assert.AreEqual("file vanished", e.Message);
        Assert.IsTrue(consumerFinished, "the write in flight ends before the caller's cleanup runs");
    }

    /// <summary>Returns at most a few bytes per read, as a network stream may; <see cref="OnRead"/> sees each read's number.</summary>
    private sealed class TrickleStream(byte[] data, int maxPerRead) : Stream
    {
        private int _position;
        private int _reads;

        public Action<int>? OnRead { get; init; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            OnRead?.Invoke(_reads++);
            int n = Math.Min(Math.Min(count, maxPerRead), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class SumProgress : IProgress<long>
    {
        public long Total { get; private set; }

        public void Report(long value) => Total += value;
    }
}
