using System.Xml.Linq;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// <c>dotnet new modelcar</c> from the freshly packed Modelcar.Templates package, installed into a template cache of
/// the test's own (DOTNET_CLI_HOME), then built and published with the freshly packed Modelcar.Sdk.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class TemplateTests
{
    private static string s_templatePackage = "";
    private static string s_cliHome = "";

    [ClassInitialize]
    public static void PackAndInstall(TestContext _)
    {
        string output = Path.Combine(SdkPackage.Work, "templates");
        s_cliHome = Path.Combine(SdkPackage.Work, "template-cli-home");
        Directory.CreateDirectory(s_cliHome);
        ProcessRunner.Run("dotnet",
            ["pack", Path.Combine(RepositoryRoot.Path, "src", "Modelcar.Templates", "Modelcar.Templates.csproj"),
             "-c", "Release", "-o", output, $"-p:Version={SdkPackage.Version}", $"-p:ArtifactsPath={Path.Combine(SdkPackage.Work, "artifacts-templates")}", "-nodeReuse:false"],
            environment: new Dictionary<string, string?> { ["MSBUILDDISABLENODEREUSE"] = "1" })
            .EnsureSuccess("dotnet pack of Modelcar.Templates");
        s_templatePackage = Path.Combine(output, $"Modelcar.Templates.{SdkPackage.Version}.nupkg");
        DotnetNew(SdkPackage.Work, "install", s_templatePackage).EnsureSuccess("dotnet new install");
    }

    private static ProcessResult DotnetNew(string workingDirectory, params string[] arguments) =>
        ProcessRunner.Run("dotnet", ["new", .. arguments], workingDirectory: workingDirectory,
            environment: new Dictionary<string, string?>
            {
                ["DOTNET_CLI_HOME"] = s_cliHome,
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            });

    private static string NewFolder(string name)
    {
        string folder = Path.Combine(SdkPackage.Work, "template-projects", name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    [TestMethod]
    public void Source_BecomesAModelSourceItem_PinnedToThisSdkVersion()
    {
        string folder = NewFolder("hf");

        DotnetNew(folder, "modelcar", "-n", "Granite-Mini", "--source", "hf://ibm-granite/granite-3.1-2b-instruct:main", "-o", ".")
            .EnsureSuccess("dotnet new modelcar");

        var project = XDocument.Load(Path.Combine(folder, "Granite-Mini.modelproj"));
        Assert.AreEqual($"Modelcar.Sdk/{SdkPackage.Version}", project.Root!.Attribute("Sdk")!.Value);
        Assert.AreEqual("hf://ibm-granite/granite-3.1-2b-instruct:main",
            project.Descendants("ModelSource").Single().Attribute("Include")!.Value);
        Assert.IsFalse(project.Descendants("ModelFile").Any(), "with a source there are no local files");
        Assert.AreEqual("granite-mini", project.Descendants("ContainerRepository").Single().Value, "repository names are lower case");
        StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "README.md")), "Granite-Mini.inferenceservice.yaml");
    }

    [TestMethod]
    public void AsGenerated_NamesTheModelFolder_ThenPublishesOnceTheReadmeIsFollowed()
    {
        string folder = NewFolder("as-generated");
        DotnetNew(folder, "modelcar", "-n", "fresh-model", "--format", "sklearn", "-o", ".").EnsureSuccess("dotnet new modelcar");
        DotnetCli.WriteNuGetConfig(folder);
        string project = Path.Combine(folder, "fresh-model.modelproj");
        // docker.io (the default busybox base) is out of reach here: the test registry's busybox stands in for it.
        string[] publish = ["publish", project, $"-p:ContainerBaseImage={TestEnvironment.BaseImage}"];

        ProcessResult empty = DotnetCli.Run(folder, publish);
        Assert.AreNotEqual(0, empty.ExitCode, empty.Output);
        StringAssert.Contains(empty.Output, "error MODELCAR017");
        StringAssert.Contains(empty.Output, "'model/**'", "the error names what to fill");

        // Where the generated README says the model goes.
        StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "README.md")), "put the model's files in the `model/` folder");
        Directory.CreateDirectory(Path.Combine(folder, "model"));
        File.WriteAllBytes(Path.Combine(folder, "model", "model.joblib"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(512));
        DotnetCli.Run(folder, publish).EnsureSuccess("dotnet publish of the generated project");

        string output = Path.Combine(folder, "bin", "Release", "publish");
        Assert.IsTrue(File.Exists(Path.Combine(output, "fresh-model.oci.tar")), "no registry in the template: an OCI archive");
        StringAssert.Contains(File.ReadAllText(Path.Combine(output, "fresh-model.inferenceservice.yaml")), "name: sklearn");
    }

    [TestMethod]
    public void WithoutSource_PublishesLocalFilesWithThePackedSdk()
    {
        string folder = NewFolder("local");
        DotnetNew(folder, "modelcar", "-n", "local-model", "--registry", TestEnvironment.Registry, "--format", "onnx", "-o", ".")
            .EnsureSuccess("dotnet new modelcar");
        Directory.CreateDirectory(Path.Combine(folder, "model"));
        File.WriteAllBytes(Path.Combine(folder, "model", "model.onnx"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(2048));
        File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="modelcar-e2e" value="{SdkPackage.Feed}" />
              </packageSources>
            </configuration>
            """);

        ProcessRunner.Run("dotnet", ["publish", Path.Combine(folder, "local-model.modelproj"), "-c", "Release", "-nodeReuse:false",
                $"-p:ContainerBaseImage={TestEnvironment.BaseImage}", $"-p:ContainerRepository=e2e/template-{Guid.NewGuid():N}"],
            workingDirectory: folder,
            environment: new Dictionary<string, string?>
            {
                ["NUGET_PACKAGES"] = SdkPackage.PackagesFolder,
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            }).EnsureSuccess("dotnet publish of the template's project");

        string publish = Path.Combine(folder, "bin", "Release", "publish");
        string imageJson = File.ReadAllText(Path.Combine(publish, "local-model.image.json"));
        StringAssert.Contains(imageJson, $"\"{TestEnvironment.Registry}/e2e/template-");
        StringAssert.Contains(File.ReadAllText(Path.Combine(publish, "local-model.inferenceservice.yaml")), "name: onnx");
    }
}
