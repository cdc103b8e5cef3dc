
namespace Modelcar.Sources;

/// <summary>Normalizes paths under /models and refuses any that would land outside it.</summary>
public static class TargetPaths
{
    /// <summary>
    /// Returns the POSIX form of <paramref name="path"/> relative to /models (separators '/', no './',
    /// no leading '/models/'), or throws MODELCAR014 for a path that is absolute or climbs out with '..'.
    /// </summary>
    public static string Normalize(string path, string origin)
    {
        string text = path.Replace('\\', '/');
        if (text.StartsWith("/models/", StringComparison.Ordinal)) text = text["/models/".Length..];
        if (text.StartsWith('/') || (text.Length > 1 && text[1] == ':'))
        {
            throw Escapes(path, origin, "it is absolute");
        }
        var segments = new List<string>();
        foreach (string segment in text.Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == "..") throw Escapes(path, origin, "it contains '..'");
            segments.Add(segment);
        }
        if (segments.Count == 0)
        {
            throw Escapes(path, origin, "it names no file");
        }
        return string.Join('/', segments);
    }

    private static ModelcarException Escapes(string path, string origin, string why) =>
        new(ErrorCodes.PathEscapesModels,
            $"The target path '{path}' of '{origin}' is not a path under /models: {why}. Give a relative path such as 'tokenizer/vocab.json' in TargetPath, or none to keep the file's own name.");
}
