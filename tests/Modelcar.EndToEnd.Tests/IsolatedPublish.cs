namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// Runs <c>dotnet publish</c> of a <see cref="ModelProject"/> with an environment the test controls completely
/// for credentials: HOME, DOCKER_CONFIG and REGISTRY_AUTH_FILE point into a fresh folder, and every credential
/// or CI variable of the machine running the tests is removed, so only what the test sets can be found.
/// </summary>
internal sealed class IsolatedPublish
{
    private static readonly string[] Cleared =
    [
        "DOTNET_CONTAINER_PUSH_REGISTRY_UNAME", "DOTNET_CONTAINER_PUSH_REGISTRY_PWORD",
        "DOTNET_CONTAINER_PULL_REGISTRY_UNAME", "DOTNET_CONTAINER_PULL_REGISTRY_PWORD",
        "DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD",
        "SDK_CONTAINER_REGISTRY_UNAME", "SDK_CONTAINER_REGISTRY_PWORD",
        "XDG_RUNTIME_DIR", "MODELCAR_REGISTRY_CA_BUNDLE", "MODELCAR_CA_BUNDLE", "DOTNET_CONTAINER_INSECURE_REGISTRIES",
        "GITHUB_ACTIONS", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "TF_BUILD",
    ];

    public IsolatedPublish(ModelProject project)
    {
        Project = project;
        Home = Path.Combine(project.Directory, "home");
        Directory.CreateDirectory(Home);
        Environment = Cleared.ToDictionary(name => name, _ => (string?)null);
        Environment["HOME"] = Home;
        Environment["DOCKER_CONFIG"] = Path.Combine(Home, ".docker");
        Environment["REGISTRY_AUTH_FILE"] = Path.Combine(Home, "containers-auth.json");
        Environment["DOTNET_CLI_HOME"] = Path.Combine(Home, "dotnet-cli");
        Environment["NUGET_PACKAGES"] = SdkPackage.PackagesFolder;
        Environment["MSBUILDDISABLENODEREUSE"] = "1";
        Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        Environment["DOTNET_NOLOGO"] = "1";
        Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
    }

    public ModelProject Project { get; }

    public string Home { get; }

    public Dictionary<string, string?> Environment { get; }

    public string WriteHomeFile(string relativePath, string content)
    {
        string path = Path.Combine(Home, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public ProcessResult Run(params string[] arguments) =>
        ProcessRunner.Run("dotnet", ["publish", Project.ProjectFile, "-c", "Release", "-nodeReuse:false", .. arguments],
            workingDirectory: Project.Directory, environment: Environment);
}
