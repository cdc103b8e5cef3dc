namespace Modelcar.Sdk.Tasks;

/// <summary>
/// What a publish produced, as the tasks that report it after the publish receive it: the console summary and the
/// CI pipeline outputs read the same facts from the same targets' outputs.
/// </summary>
public abstract class PublishedImageTask : ModelcarTask
{
    public string ProjectName { get; set; } = "";
    public string ImageReference { get; set; } = "";
    public string ImageDigest { get; set; } = "";
    public string InferenceServicePath { get; set; } = "";
    public string ImageJsonPath { get; set; } = "";
    public string ArchivePath { get; set; } = "";

    /// <summary>The full path of an output, or null when the publish did not write it.</summary>
    protected static string? FullPathOrNull(string path) => string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path);
}
