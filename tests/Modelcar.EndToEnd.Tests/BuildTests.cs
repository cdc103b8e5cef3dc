namespace Modelcar.EndToEnd.Tests;

[TestClass]
public sealed class BuildTests
{
    [TestMethod]
    public void Build_PlansTheImageWithoutPublishing_AndIsIncremental()
    {
        var project = new ModelProject("planned", """
                <ContainerRegistry>registry.invalid:5000</ContainerRegistry>
                <ContainerRepository>acme/planned</ContainerRepository>
                <KServeModelFormat>huggingface</KServeModelFormat>
            """);
        ModelFiles.AddTypicalModel(project);

        // A build must not touch the registry (registry.invalid does not resolve) nor copy model data.
        ProcessResult build = project.Build().EnsureSuccess("dotnet build");
        StringAssert.Contains(build.Output, "5 file(s)");
        string plan = Path.Combine(project.Directory, "obj", "Release", "modelcar.plan.json");
        Assert.IsTrue(File.Exists(plan), "the layer plan is written under obj/");
        StringAssert.Contains(File.ReadAllText(plan), "model-00001-of-00002.safetensors");
        Assert.IsFalse(Directory.Exists(project.PublishDirectory), "build publishes nothing");
        long objBytes = Directory.EnumerateFiles(Path.Combine(project.Directory, "obj"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.IsTrue(objBytes < 64 * 1024, $"obj/ holds metadata only, not model data ({objBytes} bytes)");

        DateTime planWritten = File.GetLastWriteTimeUtc(plan);
        project.Build().EnsureSuccess("second dotnet build");
        Assert.AreEqual(planWritten, File.GetLastWriteTimeUtc(plan), "an unchanged project does not rewrite its plan");
    }

    [TestMethod]
    [DataRow("<ContainerRepository>Acme/UPPER</ContainerRepository>", "MODELCAR002", "Acme/UPPER")]
    [DataRow("<ContainerImageTag>bad tag!</ContainerImageTag>", "MODELCAR003", "bad tag!")]
    [DataRow("<ContainerUser>modeluser</ContainerUser>", "MODELCAR005", "modeluser")]
    [DataRow("<ContainerRegistry>https://quay.io/path/x</ContainerRegistry>", "MODELCAR001", "quay.io/path/x")]
    [DataRow("<Version>not-a-version</Version>", "MODELCAR007", "not-a-version")]
    public void Build_BadProperty_FailsWithItsCodeAndValue(string property, string code, string value)
    {
        var project = new ModelProject("bad-input", property);
        project.AddRandomFile("weights.bin", 10);

        ProcessResult build = project.Build();

        Assert.AreNotEqual(0, build.ExitCode, build.Output);
        StringAssert.Contains(build.Output, $"error {code}");
        StringAssert.Contains(build.Output, value);
        Assert.IsFalse(build.Output.Contains("   at Modelcar."), "no stack trace for bad input:\n" + build.Output);
    }

    [TestMethod]
    public void Build_EmptyModelFolder_NamesThePatternToFill()
    {
        // ModelProject's <ModelFile Include="model/**" /> with no model/ folder: what dotnet new modelcar gives.
        var project = new ModelProject("empty-model", "<ContainerRepository>acme/empty</ContainerRepository>");

        ProcessResult build = project.Build();

        Assert.AreNotEqual(0, build.ExitCode, build.Output);
        StringAssert.Contains(build.Output, "error MODELCAR017");
        StringAssert.Contains(build.Output, "'model/**'");
    }

    [TestMethod]
    public void Build_NoModelItem_FailsWithNoModelFiles_NamingTheFolderToFill()
    {
        var project = new ModelProject("no-model-item", "");
        File.WriteAllText(project.ProjectFile, $"""<Project Sdk="Modelcar.Sdk/{SdkPackage.Version}" />""");

        ProcessResult build = project.Build();

        Assert.AreNotEqual(0, build.ExitCode, build.Output);
        StringAssert.Contains(build.Output, "error MODELCAR010");
        StringAssert.Contains(build.Output, Path.Combine(project.Directory, "model") + "/");
        StringAssert.Contains(build.Output, "<ModelFile Include=\"model/**\" />");
    }

    [TestMethod]
    public void Publish_WithoutModelFormat_FailsBeforeWritingAManifest()
    {
        var project = new ModelProject("no-format", "<ContainerBaseImage>scratch</ContainerBaseImage><KServeStorageMode>oci+native</KServeStorageMode>");
        project.AddRandomFile("weights.bin", 10);

        ProcessResult publish = project.Publish();

        Assert.AreNotEqual(0, publish.ExitCode, publish.Output);
        StringAssert.Contains(publish.Output, "error MODELCAR061");
        Assert.IsFalse(File.Exists(Path.Combine(project.PublishDirectory, "no-format.inferenceservice.yaml")));
    }
}
