using Modelcar.Oci;

namespace Modelcar.Sources;

/// <summary>Routes each <c>ModelSource</c> item to the source kind that handles its URI scheme.</summary>
public sealed class ModelSources(IEnumerable<IModelSource> sources)
{
    private readonly IReadOnlyList<IModelSource> _sources = sources.ToList();

    public async Task<IReadOnlyList<ResolvedModelFile>> ResolveAsync(IEnumerable<ModelSourceSpec> specs, CancellationToken cancellationToken)
    {
        var files = new List<ResolvedModelFile>();
        foreach (ModelSourceSpec spec in specs)
        {
            IModelSource source = Find(spec);
            files.AddRange(await source.ResolveAsync(spec, cancellationToken));
        }
        return files;
    }

    private IModelSource Find(ModelSourceSpec spec)
    {
        string uri = spec.Uri;
        int colon = uri.IndexOf("://", StringComparison.Ordinal);
        string scheme = colon > 0 ? uri[..colon].ToLowerInvariant() : "";
        IModelSource? source = _sources.FirstOrDefault(s => s.Schemes.Contains(scheme) && s.CanRead(spec));
        if (source is null)
        {
            string known = _sources.Count == 0 ? "none yet; use ModelFile items for local files" : string.Join(", ", _sources.SelectMany(s => s.Schemes).Select(s => s + "://"));
            throw new ModelcarException(ErrorCodes.UnknownSourceScheme,
                $"The ModelSource '{uri}' has a scheme this version cannot read ('{scheme}'). Supported: {known}.");
        }
        return source;
    }
}
