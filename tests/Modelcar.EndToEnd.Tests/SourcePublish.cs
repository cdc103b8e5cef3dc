namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// <c>dotnet publish</c> of a <see cref="ModelProject"/> with extra environment variables (HF_ENDPOINT, tokens,
/// the download cache), which ModelSource items read from the environment and never from properties.
/// </summary>
internal static class SourcePublish
{
    /// <param name="properties"><c>Name=value</c> pairs passed as <c>-p:</c>; an argument starting with '-' (e.g. <c>-v:d</c>) is passed as is.</param>
    public static ProcessResult Run(ModelProject project, IDictionary<string, string?> environment, params string[] properties) =>
        ProcessRunner.Run("dotnet",
            ["publish", project.ProjectFile, "-c", "Release", "-nodeReuse:false", .. properties.Select(p => p.StartsWith('-') ? p : "-p:" + p)],
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

    /// <summary>The tags <paramref name="repository"/> has in the test registry; none when the registry does not know it.</summary>
    public static IReadOnlyList<string> RegistryTags(string repository)
    {
        using var client = new HttpClient();
        using HttpResponseMessage response = client.GetAsync($"http://{TestEnvironment.Registry}/v2/{repository}/tags/list").GetAwaiter().GetResult();
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        return body.RootElement.TryGetProperty("tags", out System.Text.Json.JsonElement tags) && tags.ValueKind == System.Text.Json.JsonValueKind.Array
            ? tags.EnumerateArray().Select(t => t.GetString()!).ToArray()
            : [];
    }
}
