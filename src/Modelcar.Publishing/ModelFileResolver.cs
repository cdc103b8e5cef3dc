using System.Security.Cryptography.X509Certificates;
using Modelcar.Publishing.Properties;
using Modelcar.Publishing.Sources;
using Modelcar.Sources;
using Modelcar.Sources.Remote;

namespace Modelcar.Publishing;

/// <summary>
/// The resolve stage for the model: stats of local files, and remote files downloaded into the cache (or, when
/// listing only or streaming, listed with openers and not downloaded), combined with the files of oci:// sources
/// into one file per path.
/// </summary>
/// <param name="trustedRoots">The extra CAs for https sources, asked for when the first source needs them.</param>
public sealed class ModelFileResolver(ImageOptions options, IModelcarLog log, Func<X509Certificate2Collection?> trustedRoots)
{
    /// <param name="listOnly">Planning: nothing is downloaded, and files whose content is unknown are not compared.</param>
    /// <param name="inheritedFiles">The files of oci:// sources (read at publish only), checked against the others for overlaps.</param>
    public async Task<IReadOnlyList<ResolvedModelFile>> ResolveAsync(bool listOnly, CancellationToken cancellationToken, IReadOnlyList<ResolvedModelFile>? inheritedFiles = null)
    {
        // MSBuild drops a pattern that matched nothing, so an empty ModelFiles may still come from patterns in the
        // project file (dotnet new modelcar's model/** before the model is put there): with no ModelSource either,
        // the model would be empty, and MODELCAR017 names the pattern to fill. Beside a ModelSource, a model/** that
        // finds no local file is left alone, as before.
        if (options.ModelFiles.Count > 0 || options.ModelSources.Count == 0) UnmatchedModelFilePatterns.Check(options.ProjectFile, options.ProjectDirectory, options.ModelFiles.Select(f => f.SourcePath));
        var files = LocalModelFiles.Resolve(options.ModelFiles, options.ProjectDirectory, PropertyValue.Bool(options.AllowLinksOutOfProject, "ModelcarAllowLinksOutOfProject")).ToList();

        var context = RemoteStoreContext.FromProcess(log) with { ExtraTrustedRoots = trustedRoots() };
        SourcePins? pins = string.IsNullOrWhiteSpace(options.SourcePinsPath) ? null
            : SourcePins.Load(Path.GetFullPath(options.SourcePinsPath, options.ProjectDirectory), log, PropertyValue.Bool(options.RefreshSources, "ModelcarRefreshSources"));
        var remoteOptions = new RemoteSourceOptions
        {
            Pins = pins,
            CacheDirectory = CacheDirectory(options, context.GetEnvironmentVariable),
            Stream = PropertyValue.Bool(options.StreamSources, "ModelcarStreamSources") || listOnly,
            Parallelism = DownloadParallelism.Parse(options.SourceParallelism),
        };
        files.AddRange(await ModelSourceCatalog.Create(context, remoteOptions).ResolveAsync(options.ModelSources.Where(s => !OciModelSources.IsOci(s)), cancellationToken));
        pins?.Save();
        bool hasOciSources = options.ModelSources.Any(OciModelSources.IsOci);
        // Planning has no content to compare for files it did not download; publishing checks them.
        if (listOnly && hasOciSources) log.Info("  oci:// model sources are read when publishing; the plan lists the other files only");
        if (files.Count == 0 && (inheritedFiles?.Count ?? 0) == 0 && !hasOciSources) throw EmptyModelAdvice.Create(options.ProjectFile, options.ProjectDirectory);
        return ModelFileSet.Combine([.. inheritedFiles ?? [], .. files], unknownContentConflicts: !listOnly);
    }

    /// <summary>ModelcarSourceCache against the project folder; empty: $MODELCAR_CACHE, $XDG_CACHE_HOME/modelcar or ~/.cache/modelcar.</summary>
    public static string CacheDirectory(ImageOptions options, Func<string, string?> environment) =>
        string.IsNullOrWhiteSpace(options.SourceCache) ? DownloadCacheLocation.Default(environment) : Path.GetFullPath(options.SourceCache, options.ProjectDirectory);
}
