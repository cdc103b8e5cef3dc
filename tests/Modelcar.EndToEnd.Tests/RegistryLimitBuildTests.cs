namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// `dotnet build` knows the target registry's documented limits before a byte is sent: a model file larger than what
/// ghcr.io takes per layer fails the build, naming the file. The file is sparse (File.Create + SetLength: no disk used,
/// nothing read) and nothing contacts ghcr.io, since build only plans.
/// </summary>
[TestClass]
public sealed class RegistryLimitBuildTests
{
    // One byte over 10 GiB: above ghcr.io's documented 10 GB however GB is read.
    private const long OverGhcrLimit = (10L << 30) + 1;

    private static ModelProject ProjectWithSparseShard(string registry)
    {
        var project = new ModelProject("ghcr-limit", $"""
                <ContainerRegistry>{registry}</ContainerRegistry>
                <ContainerRepository>acme/too-large</ContainerRepository>
            """);
        project.AddRandomFile("config.json", 300);
        string shard = Path.Combine(project.Directory, "model", "model-00001-of-00001.safetensors");
        using (var stream = File.Create(shard)) stream.SetLength(OverGhcrLimit);
        return project;
    }

    [TestMethod]
    public void Build_FileLargerThanGhcrLayerLimit_FailsWith079_NamingFileSizeRegistryLimitAndFix()
    {
        var project = ProjectWithSparseShard("ghcr.io");

        ProcessResult build = project.Build();

        Assert.AreNotEqual(0, build.ExitCode, build.Output);
        StringAssert.Contains(build.Output, "error MODELCAR079");
        StringAssert.Contains(build.Output, "model-00001-of-00001.safetensors");
        StringAssert.Contains(build.Output, "10,737,418,241 bytes", "the file's size");
        StringAssert.Contains(build.Output, "ghcr.io", "the registry");
        StringAssert.Contains(build.Output, "10,000,000,000 bytes", "the limit");
        StringAssert.Contains(build.Output, "shards", "what to do");
        Assert.IsFalse(build.Output.Contains("   at Modelcar."), "no stack trace for bad input:\n" + build.Output);
        Assert.IsFalse(File.Exists(Path.Combine(project.Directory, "obj", "Release", "modelcar.plan.json")), "a plan that cannot be pushed is not written");
    }

    [TestMethod]
    public void Build_SameFile_WithTheLimitOverridden_Succeeds()
    {
        var project = ProjectWithSparseShard("ghcr.io");
        project.Build("ModelcarRegistryMaxLayerSize=20GB").EnsureSuccess("dotnet build with ModelcarRegistryMaxLayerSize");
    }

    [TestMethod]
    public void Build_SameFile_ForAnUnknownRegistry_IsNotChecked()
    {
        // registry.invalid does not resolve: the build neither contacts it nor has a limit for it.
        ProjectWithSparseShard("registry.invalid:5000").Build().EnsureSuccess("dotnet build to an unknown registry");
    }

    [TestMethod]
    public void Build_OverrideBelowTheFile_FailsWith079_ForAnyRegistry()
    {
        var project = new ModelProject("own-limit", """
                <ContainerRegistry>harbor.example.com</ContainerRegistry>
                <ContainerRepository>acme/own-limit</ContainerRepository>
                <ModelcarRegistryMaxLayerSize>1MB</ModelcarRegistryMaxLayerSize>
            """);
        project.AddRandomFile("weights.bin", 2 * 1024 * 1024);

        ProcessResult build = project.Build();

        Assert.AreNotEqual(0, build.ExitCode, build.Output);
        StringAssert.Contains(build.Output, "error MODELCAR079");
        StringAssert.Contains(build.Output, "weights.bin");
        StringAssert.Contains(build.Output, "ModelcarRegistryMaxLayerSize");
    }
}
