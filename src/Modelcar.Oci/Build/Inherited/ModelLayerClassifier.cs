using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Build.Inherited;

/// <summary>What a layer of an existing modelcar holds, decided from its tar headers alone.</summary>
public enum ModelLayerKind
{
    /// <summary>Nothing under /models: part of the source's base image, left behind.</summary>
    Base,

    /// <summary>Only /models and what is under it: carried into the new image unchanged.</summary>
    Model,
}

/// <summary>
/// Sorts the layers of an existing modelcar into its base and its model. A model layer is carried as a
/// whole, so it must hold nothing outside /models (that would re-add the old base's files on the new base)
/// and delete nothing (whiteouts would remove files the new image's file list still names).
/// </summary>
public static class ModelLayerClassifier
{
    /// <param name="entries">The layer's headers, as <see cref="LayerHeaderReader"/> reads them.</param>
    /// <param name="describe">Names the layer in an error message: the source and the layer digest.</param>
    public static async Task<(ModelLayerKind Kind, IReadOnlyList<InheritedModelFile> Files)> ClassifyAsync(
        IAsyncEnumerable<LayerFileEntry> entries, string modelsRoot, string describe)
    {
        string root = modelsRoot.Trim('/');
        string prefix = root + "/";
        var files = new List<InheritedModelFile>();
        bool underModels = false;
        string? outside = null;
        await foreach (LayerFileEntry entry in entries)
        {
            if (entry.Path == root) continue; // the /models directory itself belongs to either kind
            if (!entry.Path.StartsWith(prefix, StringComparison.Ordinal))
            {
                outside ??= entry.Path;
                if (underModels) break;
                continue;
            }
            underModels = true;
            if (outside is not null) break;

            string relative = entry.Path[prefix.Length..];
            string name = relative[(relative.LastIndexOf('/') + 1)..];
            if (name.StartsWith(".wh.", StringComparison.Ordinal))
            {
                throw new ModelcarException(ErrorCodes.OciSourceWhiteout,
                    $"The oci:// source {describe} deletes /{entry.Path} (an overlay whiteout), so it cannot be carried into a new image as it is. Publish the source image again without deleting files in later layers (for example, rebuild it with Modelcar.Sdk), then use the new image.");
            }
            if (entry.IsHardLink && !entry.LinkTarget.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new ModelcarException(ErrorCodes.OciSourceLayerNotSeparable,
                    $"The oci:// source {describe} has a hard link /{entry.Path} to /{entry.LinkTarget}, outside /{root}, which the new base does not have. Publish the source with the file itself under /{root}.");
            }
            if (entry.IsSymbolicLink && EscapesModels(root, relative, entry.LinkTarget))
            {
                throw new ModelcarException(ErrorCodes.OciSourceLayerNotSeparable,
                    $"The oci:// source {describe} has a symbolic link /{entry.Path} → '{entry.LinkTarget}' that points out of /{root}. Publish the source with the file itself under /{root}.");
            }
            if (entry.IsRegularFile) files.Add(new InheritedModelFile(relative, entry.Size));
        }

        if (underModels && outside is not null)
        {
            throw new ModelcarException(ErrorCodes.OciSourceLayerNotSeparable,
                $"The oci:// source {describe} holds files under /{root} and elsewhere (for example /{outside}), so its model cannot be taken without its old base. Publish the model in layers of their own (Modelcar.Sdk does), or list its files as ModelFile items instead.");
        }
        return underModels ? (ModelLayerKind.Model, files) : (ModelLayerKind.Base, []);
    }

    /// <summary>Whether a link at <paramref name="relative"/> (under /models) resolves to a path outside /models.</summary>
    private static bool EscapesModels(string root, string relative, string target)
    {
        if (target.StartsWith('/'))
        {
            string absolute = LayerHeaderReader.Normalize(target);
            return absolute != root && !absolute.StartsWith(root + "/", StringComparison.Ordinal);
        }
        int depth = relative.Count(c => c == '/'); // folders between /models and the link
        foreach (string part in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            depth += part == ".." ? -1 : 1;
            if (depth < 0) return true;
        }
        return false;
    }
}
