using Modelcar.Oci;

namespace Modelcar.Sources;

/// <summary>
/// Checks the local <c>ModelFile</c> items and turns them into the model's file set, with metadata only:
/// no byte of a model file is read here (models are hundreds of gigabytes; publish reads them once).
/// </summary>
public static class LocalModelFiles
{
    public static IReadOnlyList<ResolvedModelFile> Resolve(IEnumerable<ModelFileSpec> specs, string projectDirectory, bool allowLinksOutOfProject = false)
    {
        string project = Path.TrimEndingDirectorySeparator(Path.GetFullPath(projectDirectory));
        var byTarget = new Dictionary<string, ResolvedModelFile>(StringComparer.Ordinal);
        foreach (ModelFileSpec spec in specs)
        {
            ResolvedModelFile file = ResolveOne(spec, project, allowLinksOutOfProject);
            if (byTarget.TryGetValue(file.TargetPath, out ResolvedModelFile? existing))
            {
                if (existing.SourcePath == file.SourcePath) continue; // The same file matched by two globs.
                throw new ModelcarException(ErrorCodes.DuplicateTargetPath,
                    $"Two model files go to the same path '/models/{file.TargetPath}': '{existing.SourcePath}' (from '{existing.Origin}') and '{file.SourcePath}' (from '{file.Origin}'). Give one of them a different TargetPath or exclude it.");
            }
            byTarget.Add(file.TargetPath, file);
        }
        return byTarget.Values.OrderBy(f => f.TargetPath, StringComparer.Ordinal).ToList();
    }

    private static ResolvedModelFile ResolveOne(ModelFileSpec spec, string project, bool allowLinksOutOfProject)
    {
        string fullPath = Path.GetFullPath(spec.SourcePath, project);
        if (Directory.Exists(fullPath))
        {
            throw new ModelcarException(ErrorCodes.ModelFileIsDirectory,
                $"The model file '{spec.Origin}' is a directory ('{fullPath}'). Include its files with a glob such as '{spec.Origin.TrimEnd('/', '\\')}/**'.");
        }
        var info = new FileInfo(fullPath);
        if (!info.Exists)
        {
            throw new ModelcarException(ErrorCodes.ModelFileNotFound,
                $"The model file '{spec.Origin}' does not exist ('{fullPath}'). Check the path in the ModelFile item, relative to the project folder '{project}'.");
        }

        string sourcePath = fullPath;
        if (info.LinkTarget is not null)
        {
            FileSystemInfo? final = info.ResolveLinkTarget(returnFinalTarget: true);
            if (final is null || !final.Exists)
            {
                throw new ModelcarException(ErrorCodes.ModelFileNotFound,
                    $"The model file '{fullPath}' is a symbolic link whose target does not exist. Fix or remove the link.");
            }
            bool linkInProject = IsUnder(fullPath, project);
            if (linkInProject && !IsUnder(final.FullName, project) && !allowLinksOutOfProject)
            {
                throw new ModelcarException(ErrorCodes.SymlinkEscapesProject,
                    $"The model file '{fullPath}' is a symbolic link to '{final.FullName}', outside the project folder. Reference the file by its real path in a ModelFile item, or set ModelcarAllowLinksOutOfProject=true if the link is intended.");
            }
            sourcePath = final.FullName;
            info = new FileInfo(sourcePath);
        }

        return new ResolvedModelFile(
            TargetPaths.Normalize(spec.TargetPath, spec.Origin),
            sourcePath,
            info.Length,
            info.LastWriteTimeUtc,
            spec.Origin);
    }

    private static bool IsUnder(string path, string directory) =>
        path.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
