using System.Security.Cryptography;

namespace Modelcar.Sources;

/// <summary>Joins the files of ModelFile items and ModelSource items into one set with one file per path under /models.</summary>
public static class ModelFileSet
{
    /// <summary>
    /// Keeps one file per target path. Two files at the same path are fine when their content is the same
    /// (the same sha256); otherwise MODELCAR022 names both. A local file is hashed only when it collides.
    /// </summary>
    /// <param name="unknownContentConflicts">
    /// Whether a collision with a file whose content is not known (streamed, no published sha256) is an error;
    /// false when only planning, so the check happens once the content is known.
    /// </param>
    public static IReadOnlyList<ResolvedModelFile> Combine(IEnumerable<ResolvedModelFile> files, bool unknownContentConflicts = true)
    {
        var byTarget = new Dictionary<string, ResolvedModelFile>(StringComparer.Ordinal);
        var result = new List<ResolvedModelFile>();
        foreach (ResolvedModelFile file in files)
        {
            if (!byTarget.TryGetValue(file.TargetPath, out ResolvedModelFile? existing))
            {
                byTarget[file.TargetPath] = file;
                result.Add(file);
                continue;
            }
            string? first = DigestOf(existing);
            string? second = DigestOf(file);
            bool unknown = first is null || second is null;
            if (unknown ? unknownContentConflicts : first != second)
            {
                throw new ModelcarException(ErrorCodes.SourceConflict,
                    $"Two sources put different content at /models/{file.TargetPath}: '{existing.Origin}' and '{file.Origin}'. Remove one, or give one a TargetPath folder (or IgnorePatterns) so they do not overlap.");
            }
        }
        return result;
    }

    /// <summary>
    /// The file's sha256; null when it is not known without reading the file elsewhere: a streamed file whose store
    /// published none, or a file carried in a layer.
    /// </summary>
    private static string? DigestOf(ResolvedModelFile file)
    {
        if (file.Sha256 is not null) return file.Sha256.ToLowerInvariant();
        if (file.Content is not LocalContent local) return null;
        using FileStream stream = File.OpenRead(local.Path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
