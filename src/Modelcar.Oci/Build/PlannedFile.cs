using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Build;

/// <summary>A model file to put in the image: its path under the models folder, its size and where it is read from.</summary>
/// <param name="TargetPath">Relative POSIX path under the models root, e.g. <c>tokenizer/vocab.json</c>.</param>
/// <param name="Source">
/// A file on disk, or a remote file read straight into its layer (no local copy); either must give exactly
/// <paramref name="Size"/> bytes.
/// </param>
public sealed record PlannedFile(string TargetPath, long Size, FileSource Source);
