
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
                if (existing.Content == file.Content) continue; // The same file matched by two globs.
                throw new ModelcarException(ErrorCodes.DuplicateTargetPath,
                    $"Two model files go to the same path '/models/{file.TargetPath}': '{existing.Content.Name}' (from '{existing.Origin}') and '{file.Content.Name}' (from '{file.Origin}'). Give one of them a different TargetPath or exclude it.");
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
            if (BackslashNames.Find(fullPath) is { } withBackslash)
            {
                throw new ModelcarException(ErrorCodes.ModelFileNotFound,
                    $"The model file '{spec.Origin}' does not exist ('{fullPath}'), but '{withBackslash}' does: MSBuild reads a backslash in an item path as a folder separator, so a file whose name holds '\\' cannot be listed as a ModelFile (neither by name nor by a glob). Rename it without the backslash (for example to '{Path.GetFileName(withBackslash).Replace('\\', '_')}').");
            }
            throw new ModelcarException(ErrorCodes.ModelFileNotFound,
                $"The model file '{spec.Origin}' does not exist ('{fullPath}'). Check the path in the ModelFile item, relative to the project folder '{project}'.");
        }

        // Any link along the path counts, not only the file itself: a directory linked out of the project
        // escapes it just as a linked file does.
        string sourcePath = fullPath;
        string? realPath = RealPath(fullPath);
        if (realPath != fullPath)
        {
            if (realPath is null || !File.Exists(realPath))
            {
                throw new ModelcarException(ErrorCodes.ModelFileNotFound,
                    $"The model file '{fullPath}' is a symbolic link whose target does not exist. Fix or remove the link.");
            }
            bool linkInProject = IsUnder(fullPath, project);
            string realProject = RealPath(project) ?? project;
            if (linkInProject && !IsUnder(realPath, realProject) && !allowLinksOutOfProject)
            {
                throw new ModelcarException(ErrorCodes.SymlinkEscapesProject,
                    $"The model file '{fullPath}' is a symbolic link to '{realPath}', outside the project folder. Reference the file by its real path in a ModelFile item, or set ModelcarAllowLinksOutOfProject=true if the link is intended.");
            }
            sourcePath = realPath;
            info = new FileInfo(sourcePath);
        }

        // Before anything opens it: a FIFO would block the publish forever, a device would stream endless or changing bytes.
        UnixFileType.Kind kind = UnixFileType.Of(sourcePath);
        if (kind != UnixFileType.Kind.Regular)
        {
            throw new ModelcarException(ErrorCodes.ModelFileUnreadable,
                $"The model file '{spec.Origin}' ('{sourcePath}') is {UnixFileType.Describe(kind)}, not a regular file, so it cannot be put in an image. Remove it from the model folder, or leave it out of the ModelFile glob (e.g. <ModelFile Remove=\"{spec.Origin}\" />).");
        }

        return new ResolvedModelFile(
            TargetPaths.Normalize(spec.TargetPath, spec.Origin),
            new LocalContent(sourcePath),
            info.Length,
            info.LastWriteTimeUtc,
            spec.Origin);
    }

    /// <summary>
    /// <paramref name="fullPath"/> with every symbolic link along it resolved (the file itself and any folder
    /// above it), or null when a link is broken or links loop.
    /// </summary>
    private static string? RealPath(string fullPath)
    {
        string path = fullPath;
        for (int hops = 0; hops < 40; hops++)
        {
            string root = Path.GetPathRoot(path) ?? "";
            string[] parts = path[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            string prefix = root;
            int link = -1;
            for (int i = 0; i < parts.Length && link < 0; i++)
            {
                prefix = Path.Combine(prefix, parts[i]);
                if (new FileInfo(prefix).LinkTarget is not null) link = i;
            }
            if (link < 0) return path;
            FileSystemInfo? target = new FileInfo(prefix).ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !(target.Exists || Directory.Exists(target.FullName))) return null;
            path = Path.GetFullPath(Path.Combine([target.FullName, .. parts[(link + 1)..]]));
        }
        return null;
    }

    private static bool IsUnder(string path, string directory) =>
        path.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
