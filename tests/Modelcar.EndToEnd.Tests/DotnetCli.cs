namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// The dotnet CLI as a user runs it (any verb, -o, -warnaserror), with the test run's own NuGet cache so that the
/// freshly packed Modelcar.Sdk is the one restored.
/// </summary>
internal static class DotnetCli
{
    /// <summary>The verbs that run MSBuild and take its switches (dotnet new and dotnet sln do not).</summary>
    private static readonly HashSet<string> MSBuildVerbs = ["restore", "build", "test", "pack", "publish", "clean"];

    public static ProcessResult Run(string workingDirectory, params string[] arguments) =>
        ProcessRunner.Run("dotnet", MSBuildVerbs.Contains(arguments[0]) ? [.. arguments, "-nodeReuse:false", "-tl:off"] : arguments,
            workingDirectory: workingDirectory,
            environment: new Dictionary<string, string?>
            {
                ["NUGET_PACKAGES"] = SdkPackage.PackagesFolder,
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            });

    /// <summary>
    /// A NuGet.config for a folder of projects: the test feed for Modelcar.Sdk, and for the .NET projects beside the
    /// .modelproj (MSTest...) the packages this repository's own restore already put in the user's NuGet cache,
    /// with nuget.org behind them.
    /// </summary>
    public static void WriteNuGetConfig(string folder)
    {
        string userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="modelcar-e2e" value="{SdkPackage.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="user-cache" value="{userPackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
    }

    /// <summary>The MSTest version this repository's own tests use (Directory.Packages.props), so it is already cached.</summary>
    public static string MSTestVersion()
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(RepositoryRoot.Path, "Directory.Packages.props"));
        return props.Descendants("PackageVersion").Single(e => (string?)e.Attribute("Include") == "MSTest").Attribute("Version")!.Value;
    }
}
