
namespace Modelcar.Sources.Remote;

/// <summary>
/// Makes any <see cref="IRemoteFileSource"/> a <see cref="IModelSource"/>: lists the source, places its files
/// under the item's TargetPath, and either downloads them (in parallel, through the shared cache) or, in
/// streaming mode, hands the layer writer an opener that reads each file straight from the store.
/// </summary>
public sealed class RemoteModelSource(IRemoteFileSource store, RemoteSourceOptions options, IModelcarLog log) : IModelSource
{
    public IReadOnlyCollection<string> Schemes => store.Schemes;

    public bool CanRead(ModelSourceSpec spec) => store.CanRead(spec);

    public async Task<IReadOnlyList<ResolvedModelFile>> ResolveAsync(ModelSourceSpec spec, CancellationToken cancellationToken)
    {
        // A pinned listing (same item, resolved by the plan of this or an earlier build) keeps plan and publish on one commit.
        RemoteListing listing = options.Pins?.TryGet(spec) ?? await store.ListAsync(spec, cancellationToken);
        options.Pins?.Record(spec, listing);
        if (listing.Files.Count == 0)
        {
            throw new ModelcarException(ErrorCodes.SourceMatchedNothing,
                $"The ModelSource '{listing.DisplayUri}' has no file to put in the image. Check the URI, and AllowPatterns/IgnorePatterns if you set them.");
        }
        var provenance = new SourceProvenance(listing.DisplayUri, listing.Revision);
        string[] targets = listing.Files.Select(f => TargetPathOf(spec, f, listing)).ToArray();
        var resolved = new ResolvedModelFile[listing.Files.Count];

        if (options.Stream)
        {
            for (int i = 0; i < resolved.Length; i++)
            {
                RemoteFile file = listing.Files[i];
                // The layer writer reads synchronously; one open per layer upload attempt.
                var content = new StreamedContent(file.Location, () => OpenStreamed(listing, file, cancellationToken));
                resolved[i] = new ResolvedModelFile(targets[i], content, file.Size, DateTime.UnixEpoch, listing.DisplayUri)
                {
                    Sha256 = file.Sha256?.ToLowerInvariant(),
                    Source = provenance,
                };
            }
            return resolved;
        }

        var cache = new DownloadCache(options.CacheDirectory, log);
        if (resolved.Length > 1) log.Detail($"{listing.DisplayUri}: {resolved.Length} file(s), downloading {options.Parallelism} at a time (ModelcarSourceParallelism).");
        await Parallel.ForEachAsync(Enumerable.Range(0, resolved.Length),
            new ParallelOptions { MaxDegreeOfParallelism = DownloadParallelism.Check(options.Parallelism), CancellationToken = cancellationToken },
            async (i, token) =>
            {
                RemoteFile file = listing.Files[i];
                DownloadCache.Entry entry = await cache.GetAsync(store, listing, file, token);
                resolved[i] = new ResolvedModelFile(targets[i], new LocalContent(entry.Path), file.Size, File.GetLastWriteTimeUtc(entry.Path), listing.DisplayUri)
                {
                    Sha256 = entry.Sha256,
                    Source = provenance,
                };
            });
        return resolved;
    }

    /// <summary>A streamed file, checked against the sha256 its source published (if any) as the layer reads it.</summary>
    private Stream OpenStreamed(RemoteListing listing, RemoteFile file, CancellationToken cancellationToken)
    {
        Stream stream = store.OpenReadAsync(listing, file, 0, cancellationToken).GetAwaiter().GetResult();
        return file.Sha256 is null ? stream : new Sha256VerifyingStream(stream, file, listing.DisplayUri);
    }

    private static string TargetPathOf(ModelSourceSpec spec, RemoteFile file, RemoteListing listing)
    {
        string combined = string.IsNullOrWhiteSpace(spec.TargetPath)
            ? file.RelativePath
            : spec.TargetPath.TrimEnd('/', '\\') + "/" + file.RelativePath;
        return TargetPaths.Normalize(combined, $"{listing.DisplayUri} ({file.RelativePath})");
    }
}
