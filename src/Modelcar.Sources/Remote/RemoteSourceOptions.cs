namespace Modelcar.Sources.Remote;

/// <summary>How remote files are fetched, shared by every store.</summary>
public sealed record RemoteSourceOptions
{
    /// <summary>The shared download cache folder (ModelcarSourceCache).</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>No local copy: each file is read from the store straight into its layer upload.</summary>
    public bool Stream { get; init; }

    /// <summary>How many files download at once (ModelcarSourceParallelism, 1 to 64); streaming mode reads files as the layer uploads ask.</summary>
    public int Parallelism { get; init; } = DownloadParallelism.Default;

    /// <summary>Listings resolved by an earlier plan or publish, reused instead of asking the store again; null: always ask.</summary>
    public SourcePins? Pins { get; init; }
}
