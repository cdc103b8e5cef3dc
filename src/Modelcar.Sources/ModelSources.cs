
namespace Modelcar.Sources;

/// <summary>Routes each <c>ModelSource</c> item to the source kind that handles its URI scheme.</summary>
/// <param name="sources">The sources, asked in order.</param>
/// <param name="handledElsewhere">Schemes the caller reads itself before routing (oci://), listed as supported in MODELCAR018.</param>
public sealed class ModelSources(IEnumerable<IModelSource> sources, IEnumerable<string>? handledElsewhere = null)
{
    private readonly IReadOnlyList<IModelSource> _sources = sources.ToList();
    private readonly IReadOnlyList<string> _handledElsewhere = handledElsewhere?.ToList() ?? [];

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
            throw new ModelcarException(ErrorCodes.UnknownSourceScheme,
                $"The ModelSource '{WithoutQuery(uri)}' has a scheme this version cannot read ('{scheme}'). Supported: {SupportedSchemes()}. For local files use ModelFile items.");
        }
        return source;
    }

    /// <summary>Each scheme once, in routing order; a scheme that is only refused with advice (gs://) is not "supported".</summary>
    private string SupportedSchemes()
    {
        var schemes = _sources.Where(s => s is not IRefusedModelSource).SelectMany(s => s.Schemes).Concat(_handledElsewhere)
            .Select(s => s.ToLowerInvariant()).Distinct().Select(s => s + "://").ToList();
        return schemes.Count == 0 ? "none" : string.Join(", ", schemes);
    }

    /// <summary>A query may hold a signature (SAS, pre-signed URL): never shown.</summary>
    private static string WithoutQuery(string uri)
    {
        int query = uri.IndexOfAny(['?', '#']);
        return query < 0 ? uri : uri[..query];
    }
}
