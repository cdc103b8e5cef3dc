namespace Modelcar.Sources;

/// <summary>
/// A model file ready to go into the image: where it goes under /models, where its bytes are on disk,
/// and the identity (size, mtime, inode) that tells whether it changed since it was last hashed.
/// </summary>
/// <param name="TargetPath">Relative POSIX path under /models.</param>
/// <param name="SourcePath">Absolute local path, links resolved.</param>
/// <param name="Origin">What the user wrote that produced this file, for error messages.</param>
public sealed record ResolvedModelFile(string TargetPath, string SourcePath, long Size, DateTime LastWriteTimeUtc, string Origin);
