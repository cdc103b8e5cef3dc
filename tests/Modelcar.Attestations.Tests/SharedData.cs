using System.Reflection;

namespace Modelcar.Attestations.Tests;

/// <summary>
/// The model-spec files in <c>../shared/modelpack</c> beside the repository (Apache-2.0, read there, never copied in).
/// Missing: Inconclusive on a developer's machine, a failure under CI=true, where the folder is always laid.
/// </summary>
internal static class SharedData
{
    public static string ModelPackFile(string name)
    {
        string? buildTimeRoot = typeof(SharedData).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Modelcar.RepositoryRoot")?.Value;
        foreach (string? start in new[] { AppContext.BaseDirectory, buildTimeRoot })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "Modelcar.Sdk.sln"))) continue;
                string path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "modelpack", name));
                if (File.Exists(path)) return path;
                break;
            }
        }
        string message = $"../shared/modelpack/{name} (the CNCF model-spec) is not beside the repository.";
        if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(message);
        Assert.Inconclusive(message);
        return "";
    }

    /// <summary>Every media type constant the spec's mediatype.go defines: the list a ModelPack layer's type must come from.</summary>
    public static IReadOnlySet<string> ModelPackMediaTypes() =>
        System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(ModelPackFile("mediatype.go")), "= \"(application/vnd\\.cncf\\.model\\.[^\"]+)\"")
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
}
