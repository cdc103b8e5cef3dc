using System.Security.Cryptography;
using Modelcar.Sources.Remote;

namespace Modelcar.Sources.Tests.Remote;

/// <summary>
/// A store whose files live in memory, for what does not depend on a protocol: what streaming mode checks and how
/// many downloads run at once. <see cref="Serve"/> can give other bytes than the listed sha256 (a bad opener).
/// </summary>
internal sealed class InMemoryStore : IRemoteFileSource
{
    private readonly object _gate = new();
    private int _open;

    /// <summary>Path → (the sha256 the listing advertises, the bytes an open gives).</summary>
    public Dictionary<string, (string? Sha256, byte[] Bytes)> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, an open waits until this many files are open at once (or every file is), so concurrency shows.</summary>
    public int? HoldUntilOpen { get; set; }

    public int MaxOpenAtOnce { get; private set; }

    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyCollection<string> Schemes => ["mem"];

    public void Serve(string path, byte[] bytes, string? advertisedSha256 = "") =>
        Files[path] = (advertisedSha256 == "" ? Convert.ToHexStringLower(SHA256.HashData(bytes)) : advertisedSha256, bytes);

    public Task<RemoteListing> ListAsync(ModelSourceSpec spec, CancellationToken cancellationToken) =>
        Task.FromResult(new RemoteListing(spec.Uri, null,
            Files.Select(f => new RemoteFile(f.Key, f.Value.Bytes.Length, f.Value.Sha256, "v1", spec.Uri + "/" + f.Key)).ToArray()));

    public async Task<Stream> OpenReadAsync(RemoteListing listing, RemoteFile file, long offset, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _open++;
            MaxOpenAtOnce = Math.Max(MaxOpenAtOnce, _open);
            if (HoldUntilOpen is not { } hold || _open >= Math.Min(hold, Files.Count)) _released.TrySetResult();
        }
        // A hang guard, not a measurement: if fewer files than HoldUntilOpen ever open at once, go on after a while so
        // the test fails on MaxOpenAtOnce instead of hanging.
        await Task.WhenAny(_released.Task, Task.Delay(TimeSpan.FromSeconds(20), cancellationToken));
        return new ClosingStream(Files[file.RelativePath].Bytes[(int)offset..], this);
    }

    private void Closed()
    {
        lock (_gate) _open--;
    }

    /// <summary>Counts a file as open until the reader disposes it.</summary>
    private sealed class ClosingStream(byte[] bytes, InMemoryStore store) : MemoryStream(bytes, writable: false)
    {
        private bool _closed;

        protected override void Dispose(bool disposing)
        {
            if (!_closed) store.Closed();
            _closed = true;
            base.Dispose(disposing);
        }
    }
}
