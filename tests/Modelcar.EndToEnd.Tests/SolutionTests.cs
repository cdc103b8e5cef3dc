namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// A .modelproj in a solution with a console app and an MSTest project, driven by the dotnet CLI as a team's CI does:
/// <c>dotnet sln add</c> (.sln and .slnx), then restore, build, test, pack, publish and clean of the solution with
/// <c>-warnaserror</c>, so that any warning the .modelproj causes fails the test. The console app holds a
/// ProjectReference to the .modelproj. Each solution format gets its own folder, made once for the class: the two
/// test methods run in parallel. OCI archive output, no base image: no registry.
/// </summary>
[TestClass]
public sealed class SolutionTests
{
    private static string s_slnxFolder = "";
    private static string s_slnFolder = "";

    [ClassInitialize]
    public static void MakeSolutions(TestContext _)
    {
        s_slnxFolder = MakeSolution("slnx");
        s_slnFolder = MakeSolution("sln");
    }

    /// <summary>A .modelproj with no base (native mode) whose model is model/**, as the solution and reference tests use.</summary>
    private static void WriteModelProject(string path) => File.WriteAllText(path, $"""
            <Project Sdk="Modelcar.Sdk/{SdkPackage.Version}">
              <PropertyGroup>
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <KServeModelFormat>sklearn</KServeModelFormat>
              </PropertyGroup>
              <ItemGroup>
                <ModelFile Include="model/**" />
              </ItemGroup>
            </Project>
            """);

    /// <summary>Writes the three projects and adds them with dotnet new sln + dotnet sln add, as a user would.</summary>
    private static string MakeSolution(string format)
    {
        string root = Path.Combine(SdkPackage.Work, "solutions", format + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(Path.Combine(root, "iris", "model"));
        Directory.CreateDirectory(Path.Combine(root, "app"));
        Directory.CreateDirectory(Path.Combine(root, "app.tests"));
        DotnetCli.WriteNuGetConfig(root);
        WriteModelProject(Path.Combine(root, "iris", "iris.modelproj"));
        File.WriteAllBytes(Path.Combine(root, "iris", "model", "model.joblib"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(256));
        File.WriteAllText(Path.Combine(root, "app", "app.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../iris/iris.modelproj" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(root, "app", "Program.cs"), "System.Console.WriteLine(\"app\");\n");
        File.WriteAllText(Path.Combine(root, "app.tests", "app.tests.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MSTest" Version="{DotnetCli.MSTestVersion()}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(root, "app.tests", "AppTests.cs"), """
            using Microsoft.VisualStudio.TestTools.UnitTesting;

            [assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]

            [TestClass]
            public sealed class AppTests
            {
                [TestMethod]
                public void TheRealTestRuns() => Assert.IsFalse(string.IsNullOrEmpty(System.Environment.CurrentDirectory));
            }
            """);
        DotnetCli.Run(root, "new", "sln", "-n", "team", "--format", format).EnsureSuccess($"dotnet new sln --format {format}");
        DotnetCli.Run(root, "sln", $"team.{format}", "add", "iris/iris.modelproj", "app/app.csproj", "app.tests/app.tests.csproj")
            .EnsureSuccess($"dotnet sln team.{format} add of a .modelproj");
        return root;
    }

    [TestMethod]
    public void SlnAdd_WritesTheModelprojWithTheCommonProjectSystemType()
    {
        string slnx = File.ReadAllText(Path.Combine(s_slnxFolder, "team.slnx"));
        StringAssert.Contains(slnx, """<Project Path="iris/iris.modelproj" Type="13b669be-bb05-4ddf-9536-439f39a36129" />""");
        string sln = File.ReadAllText(Path.Combine(s_slnFolder, "team.sln"));
        StringAssert.Contains(sln, """Project("{13B669BE-BB05-4DDF-9536-439F39A36129}") = "iris", "iris""");
        StringAssert.Contains(sln, "iris.modelproj");
    }

    [TestMethod]
    public void Slnx_RestoreBuildTestPackPublishClean_SucceedUnderWarnAsError()
    {
        string root = s_slnxFolder;
        string iris = Path.Combine(root, "iris");

        AssertClean(Solution(root, "restore"), "restore");

        AssertClean(Solution(root, "build"), "build");
        Assert.IsTrue(File.Exists(Path.Combine(iris, "obj", "Debug", "modelcar.plan.json")), "build plans the modelcar");
        Assert.IsTrue(File.Exists(Path.Combine(root, "app", "bin", "Debug", "net10.0", "app.dll")));

        ProcessResult test = AssertClean(Solution(root, "test"), "test");
        StringAssert.Contains(test.Output, "Passed:     1", "dotnet test still runs the real tests");
        StringAssert.Contains(test.Output, "Failed:     0");

        AssertClean(Solution(root, "pack"), "pack");
        Assert.AreEqual(1, Directory.GetFiles(Path.Combine(root, "app", "bin", "Release"), "app.*.nupkg").Length, "the console app is packed");
        Assert.AreEqual(0, Directory.GetFiles(iris, "*.nupkg", SearchOption.AllDirectories).Length, "a modelcar is not a NuGet package");

        AssertClean(Solution(root, "publish"), "publish");
        string publish = Path.Combine(iris, "bin", "Release", "publish");
        Assert.IsTrue(File.Exists(Path.Combine(publish, "iris.oci.tar")), "dotnet publish of the solution publishes the modelcar");
        Assert.IsTrue(File.Exists(Path.Combine(publish, "iris.inferenceservice.yaml")));
        Assert.IsTrue(File.Exists(Path.Combine(root, "app", "bin", "Release", "net10.0", "publish", "app.dll")));
        Assert.AreEqual(0, Directory.GetFiles(Path.Combine(root, "app", "bin", "Release", "net10.0", "publish"), "iris.*").Length,
            "nothing of the modelcar flows into the referencing app's output");

        // The solution's clean runs in Debug; the modelcar's Release publish goes too.
        AssertClean(Solution(root, "clean"), "clean");
        Assert.IsFalse(File.Exists(Path.Combine(publish, "iris.oci.tar")), "clean removes the Release publish");
        Assert.AreEqual(0, Directory.GetFiles(Path.Combine(iris, "obj"), "modelcar.*", SearchOption.AllDirectories).Length, "and every plan");
    }

    /// <summary>The .sln metaproject is generated differently from the .slnx one; one build (with its restore) shows it copes.</summary>
    [TestMethod]
    public void Sln_Build_SucceedsUnderWarnAsError()
    {
        AssertClean(Solution(s_slnFolder, "build"), "build");
        Assert.IsTrue(File.Exists(Path.Combine(s_slnFolder, "iris", "obj", "Debug", "modelcar.plan.json")), "build plans the modelcar");
    }

    [TestMethod]
    public void ProjectReference_BuildsTheModelcarFirst_AndABadModelFailsTheReferencingBuild()
    {
        string root = Path.Combine(SdkPackage.Work, "projectref-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(Path.Combine(root, "app"));
        Directory.CreateDirectory(Path.Combine(root, "model-car"));
        DotnetCli.WriteNuGetConfig(root);
        WriteModelProject(Path.Combine(root, "model-car", "model-car.modelproj"));
        File.WriteAllText(Path.Combine(root, "app", "app.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../model-car/model-car.modelproj" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(root, "app", "Program.cs"), "System.Console.WriteLine(\"app\");\n");

        // The model folder is still empty: the reference is built, so its error fails the app's build.
        ProcessResult failed = DotnetCli.Run(root, "build", "app/app.csproj", "-warnaserror");
        Assert.AreNotEqual(0, failed.ExitCode, failed.Output);
        StringAssert.Contains(failed.Output, "error MODELCAR017");

        Directory.CreateDirectory(Path.Combine(root, "model-car", "model"));
        File.WriteAllBytes(Path.Combine(root, "model-car", "model", "weights.bin"), new byte[128]);
        ProcessResult built = DotnetCli.Run(root, "build", "app/app.csproj", "-warnaserror").EnsureSuccess("dotnet build of the referencing app");

        StringAssert.Contains(built.Output, "model-car", "the modelcar is built as the app's reference");
        Assert.IsTrue(File.Exists(Path.Combine(root, "model-car", "obj", "Debug", "modelcar.plan.json")), "the modelcar's plan is built first");
        Assert.IsTrue(File.Exists(Path.Combine(root, "app", "bin", "Debug", "net10.0", "app.dll")));
        Assert.AreEqual(0, Directory.GetFiles(Path.Combine(root, "app", "bin"), "model-car*", SearchOption.AllDirectories).Length, "no file flows into the app");
    }

    [TestMethod]
    public void ProjectReferenceInsideAModelproj_IsAWarningNamingIt()
    {
        var project = new ModelProject("refers", """
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <KServeModelFormat>sklearn</KServeModelFormat>
            """, """<ProjectReference Include="../trainer/trainer.csproj" />""");
        project.AddRandomFile("weights.bin", 64);

        ProcessResult build = project.Build().EnsureSuccess("dotnet build of a .modelproj with a ProjectReference");

        StringAssert.Contains(build.Output, "warning MODELCAR008");
        StringAssert.Contains(build.Output, "../trainer/trainer.csproj");
        StringAssert.Contains(build.Output, project.ProjectFile, "the warning points at the .modelproj");
    }

    private static ProcessResult Solution(string root, string verb) =>
        DotnetCli.Run(root, verb, Directory.GetFiles(root, "team.sln*").Single(), "-warnaserror");

    /// <summary>Success, and nothing the .NET CLI says about projects it could not handle.</summary>
    private static ProcessResult AssertClean(ProcessResult result, string verb)
    {
        result.EnsureSuccess($"dotnet {verb} of the solution with -warnaserror");
        foreach (string symptom in new[] { "NU1503", "MSB4057", "MSB4181", "warning" })
        {
            Assert.IsFalse(result.Output.Contains(symptom, StringComparison.Ordinal), $"dotnet {verb} says '{symptom}':\n{result.Output}");
        }
        return result;
    }
}
