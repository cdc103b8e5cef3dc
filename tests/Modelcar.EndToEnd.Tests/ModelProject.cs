using System.Security.Cryptography;

namespace Modelcar.EndToEnd.Tests;

/// <summary>A throw-away .modelproj in a temp folder that restores Modelcar.Sdk from the test feed.</summary>
internal sealed class ModelProject
{
    public ModelProject(string name, string body, string? extraItems = null)
    {
        Name = name;
        Directory = System.IO.Path.Combine(SdkPackage.Work, "projects", name + "-" + Guid.NewGuid().ToString("N")[..6]);
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(System.IO.Path.Combine(Directory, "NuGet.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="modelcar-e2e" value="{SdkPackage.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(ProjectFile, $"""
            <Project Sdk="Modelcar.Sdk/{SdkPackage.Version}">
              <PropertyGroup>
            {body}
              </PropertyGroup>
              <ItemGroup>
                <ModelFile Include="model/**" />
            {extraItems}
              </ItemGroup>
            </Project>
            """);
    }

    public string Name { get; }
    public string Directory { get; }
    public string ProjectFile => System.IO.Path.Combine(Directory, Name + ".modelproj");
    public string PublishDirectory => System.IO.Path.Combine(Directory, "bin", "Release", "publish");

    /// <summary>Writes a model file of <paramref name="size"/> random bytes and returns its sha256.</summary>
    public string AddRandomFile(string relativePath, int size)
    {
        string path = System.IO.Path.Combine(Directory, "model", relativePath);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        byte[] data = RandomNumberGenerator.GetBytes(size);
        File.WriteAllBytes(path, data);
        return Convert.ToHexStringLower(SHA256.HashData(data));
    }

    public ProcessResult Publish(params string[] properties) => Dotnet("publish", properties);

    public ProcessResult Build(params string[] properties) => Dotnet("build", properties);

    private ProcessResult Dotnet(string verb, string[] properties) =>
        ProcessRunner.Run("dotnet",
            [verb, ProjectFile, "-c", "Release", "-nodeReuse:false", .. properties.Select(p => "-p:" + p)],
            workingDirectory: Directory,
            environment: new Dictionary<string, string?>
            {
                ["NUGET_PACKAGES"] = SdkPackage.PackagesFolder,
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            });
}
