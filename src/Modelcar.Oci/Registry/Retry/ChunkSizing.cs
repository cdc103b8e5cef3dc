namespace Modelcar.Oci.Registry.Retry;

/// <summary>
/// How many bytes go in one PATCH, learnt per registry. The distribution spec sets no maximum, but real registries
/// do: ghcr.io refuses request bodies over 4 MiB (416 "the request body is too large"), ECR takes parts of 5 MiB
/// to 20 MiB (only the last may be smaller), and a registry may announce its minimum with <c>OCI-Chunk-Min-Length</c>.
/// The size starts from the configured one, clamped to what the host is known to accept, and halves each time the
/// registry answers 413 (or 416 "too large"), never below the minimum. Shared by the parallel uploads of one client.
/// </summary>
internal sealed class ChunkSizing
{
    public const int GhcrMaximum = 4 * 1024 * 1024;
    public const int EcrMinimum = 5 * 1024 * 1024;
    public const int EcrMaximum = 20 * 1024 * 1024;

    /// <summary>A chunk never shrinks below this on a 413 unless it was configured smaller.</summary>
    public const int SmallestAdaptive = 1024 * 1024;

    /// <summary>An announced minimum above this is not honoured: memory stays bounded at one chunk per upload.</summary>
    public const int LargestBuffer = 256 * 1024 * 1024;

    private int _current;
    private int _wholeBlobRefused;

    public ChunkSizing(string apiHost, int configured, UploadWindow? window = null)
    {
        Window = window;
        string host = InsecureRegistryPolicy.HostOf(apiHost).ToLowerInvariant();
        if (host == "ghcr.io")
        {
            _current = Math.Min(configured, GhcrMaximum);
            Minimum = Math.Min(configured, SmallestAdaptive);
        }
        else if (host.Contains(".dkr.ecr.", StringComparison.Ordinal) && host.EndsWith(".amazonaws.com", StringComparison.Ordinal))
        {
            _current = Math.Clamp(configured, EcrMinimum, EcrMaximum);
            Minimum = EcrMinimum;
        }
        else
        {
            _current = configured;
            Minimum = Math.Min(configured, SmallestAdaptive);
            return;
        }
        _wholeBlobRefused = 1; // ghcr.io and ECR cap request bodies: chunks only.
    }

    /// <summary>
    /// Whether a blob may go in one request (a PATCH of all its bytes): registries with no known body limit, until
    /// one refuses a body as too large.
    /// </summary>
    public bool AllowsWholeBlobRequests => Volatile.Read(ref _wholeBlobRefused) == 0;

    /// <summary>Chunks only from now on, for every upload of this client.</summary>
    public void RefuseWholeBlobRequests() => Volatile.Write(ref _wholeBlobRefused, 1);

    /// <summary>Bytes per PATCH now.</summary>
    public int Current => Volatile.Read(ref _current);

    /// <summary>The registry's upload-time window, when it has one (see <see cref="Limits.RegistryLimits"/>); null otherwise.</summary>
    public UploadWindow? Window { get; }

    /// <summary>Bytes per PATCH now, also kept short enough to finish inside the registry's upload window.</summary>
    public int RequestLimit => Window is { } window ? (int)Math.Min(Current, window.RequestLimit) : Current;

    /// <summary>Whether a blob of <paramref name="length"/> bytes may go in one request: no body limit known, and inside the window.</summary>
    public bool AllowsWholeBlobRequest(long length) => AllowsWholeBlobRequests && (Window is null || Window.Fits(length));

    /// <summary>The registry's known minimum: a 413 does not shrink a chunk below it.</summary>
    public int Minimum { get; }

    /// <summary>The chunk for a session whose POST announced <paramref name="announcedMinimum"/> (OCI-Chunk-Min-Length).</summary>
    public int ForSession(long? announcedMinimum) =>
        announcedMinimum is { } minimum && minimum > Current ? (int)Math.Min(minimum, LargestBuffer) : Current;

    /// <summary>Halves the chunk after a "body too large" answer; false when it cannot get smaller.</summary>
    public bool TryShrink(int refused)
    {
        while (true)
        {
            int current = Current;
            int next = Math.Max(Minimum, Math.Min(current, refused) / 2);
            if (next >= refused || next < 1) return false;
            if (Interlocked.CompareExchange(ref _current, next, current) != current) continue;
            RefuseWholeBlobRequests();
            return true;
        }
    }
}
