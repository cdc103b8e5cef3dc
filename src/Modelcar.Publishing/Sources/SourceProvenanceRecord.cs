using System.Globalization;
using Modelcar.Oci.Model;
using Modelcar.Sources;

namespace Modelcar.Publishing.Sources;

/// <summary>
/// Where the model's remote files came from, for the image annotations and image.json: each ModelSource's
/// secret-free URI and the revision it resolved to (a Hugging Face commit), so a rebuild can be pinned.
/// </summary>
public static class SourceProvenanceRecord
{
    /// <summary>The distinct sources of <paramref name="files"/>, in the order they were declared.</summary>
    public static IReadOnlyList<SourceProvenance> Of(IEnumerable<ResolvedModelFile> files) =>
        files.Select(f => f.Source).OfType<SourceProvenance>().Distinct().ToList();

    /// <summary>
    /// Adds <c>io.modelcar.source.N</c> (the URI) and <c>io.modelcar.source.N.revision</c> (when known) for
    /// the N-th source, counting from 0.
    /// </summary>
    public static Dictionary<string, string> AddAnnotations(Dictionary<string, string> annotations, IEnumerable<ResolvedModelFile> files)
    {
        IReadOnlyList<SourceProvenance> sources = Of(files);
        for (int i = 0; i < sources.Count; i++)
        {
            string key = OciAnnotations.ModelSourcePrefix + "." + i.ToString(CultureInfo.InvariantCulture);
            annotations[key] = sources[i].Uri;
            if (sources[i].Revision is { } revision) annotations[key + ".revision"] = revision;
        }
        return annotations;
    }
}
