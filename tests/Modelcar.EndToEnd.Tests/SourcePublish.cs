namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// <c>dotnet publish</c> of a <see cref="ModelProject"/> with extra environment variables (HF_ENDPOINT, tokens,
/// the download cache), which ModelSource items read from the environment and never from properties.
/// </summary>
internal static class SourcePublish
{
    public static ProcessResult Run(ModelProject project, IDictionary<string, string?> environment, params string[] properties) =>
        ProcessRunner.Run("dotnet",
            ["publish", project.ProjectFile, "-c", "Release", "-nodeReuse:false", .. properties.Select(p => "-p:" + p)],
            workingDirectory: project.Directory,
            environment: new Dictionary<string, string?>(environment)
            {
                ["NUGET_PACKAGES"] = SdkPackage.PackagesFolder,
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            });

    /// <summary>The manifest's annotations, read back from the registry with skopeo.</summary>
    public static System.Text.Json.JsonElement ManifestAnnotations(string reference)
    {
        string raw = ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--raw", reference]).EnsureSuccess("skopeo inspect --raw").Output;
        using var manifest = System.Text.Json.JsonDocument.Parse(raw);
        return manifest.RootElement.GetProperty("annotations").Clone();
    }
}
