namespace Modelcar.Sources;

/// <summary>
/// MSBuild turns every '\' in an item path into '/', so <c>model/back\slash.txt</c> arrives as
/// <c>model/back/slash.txt</c>, which does not exist. This finds the file the user meant, to say so.
/// </summary>
internal static class BackslashNames
{
    /// <summary>The existing file whose name joins the missing path's last segments with '\', or null.</summary>
    public static string? Find(string missingPath)
    {
        if (Path.DirectorySeparatorChar == '\\') return null; // On Windows a backslash is a separator anyway.
        string[] parts = missingPath.Split('/');
        // From the deepest folder that exists, the rest of the path may be one name with backslashes in it.
        for (int split = parts.Length - 1; split >= 1; split--)
        {
            string folder = string.Join('/', parts[..split]);
            if (folder.Length == 0 || !Directory.Exists(folder)) continue;
            string candidate = Path.Combine(folder, string.Join('\\', parts[split..]));
            return parts.Length - split > 1 && File.Exists(candidate) ? candidate : null;
        }
        return null;
    }
}
