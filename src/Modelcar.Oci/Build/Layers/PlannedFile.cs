namespace Modelcar.Oci.Build.Layers;

/// <summary>A model file to put in the image: its path under the models folder, its size and where it is read from.</summary>
/// <param name="TargetPath">Relative POSIX path under the models root, e.g. <c>tokenizer/vocab.json</c>.</param>
/// <param name="SourcePath">A local path; for a streamed remote file, its address (for messages only).</param>
public sealed record PlannedFile(string TargetPath, long Size, string SourcePath)
{
    /// <summary>
    /// Opens the file's bytes instead of <see cref="SourcePath"/> (a remote file read straight into its layer,
    /// no local copy). Must give exactly <see cref="Size"/> bytes; called once per read of the layer.
    /// </summary>
    public Func<Stream>? Open { get; init; }
}
