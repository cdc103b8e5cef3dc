namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// Packs Modelcar.Sdk once per test run into a private feed, under a unique prerelease version, so each run
/// tests the package it just built and never one left in a NuGet cache by an earlier run.
/// </summary>
[TestClass]
public static class SdkPackage
{
    public static string Version { get; private set; } = "";
    public static string Feed { get; private set; } = "";
    public static string Work { get; private set; } = "";

    /// <summary>A NuGet cache of this run's own, so the package is always extracted fresh.</summary>
    public static string PackagesFolder => Path.Combine(Work, "nuget-packages");

    [AssemblyInitialize]
    public static void Pack(TestContext context)
    {
        Work = Path.Combine(Path.GetTempPath(), "modelcar-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        Feed = Path.Combine(Work, "feed");
        Version = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}";
        ProcessRunner.Run("dotnet",
            ["pack", Path.Combine(RepositoryRoot.Path, "src", "Modelcar.Sdk", "Modelcar.Sdk.csproj"),
             "-c", "Release", "-o", Feed, $"-p:Version={Version}", $"-p:ArtifactsPath={Path.Combine(Work, "artifacts")}", "-nodeReuse:false"],
            environment: new Dictionary<string, string?> { ["MSBUILDDISABLENODEREUSE"] = "1" })
            .EnsureSuccess("dotnet pack of Modelcar.Sdk");
    }

    [AssemblyCleanup]
    public static void Cleanup()
    {
        try { Directory.Delete(Work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
