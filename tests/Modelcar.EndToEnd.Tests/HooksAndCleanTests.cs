namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// The project's own BeforeBuild/AfterBuild/BeforePublish/AfterPublish targets run (the SDK's empty ones are defined
/// before the project body), and dotnet clean removes what any configuration wrote. OCI archive output: no registry.
/// </summary>
[TestClass]
public sealed class HooksAndCleanTests
{
    [TestMethod]
    public void UserHooks_RunInOrder_AndCleanInDebug_RemovesTheReleasePublishAndEveryPlan()
    {
        var project = new ModelProject("hooked", """
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <KServeModelFormat>sklearn</KServeModelFormat>
                <KServeManifestLayout>Kustomize</KServeManifestLayout>
            """);
        project.AddRandomFile("weights.bin", 64);
        string log = Path.Combine(project.Directory, "hooks.log");
        string body = File.ReadAllText(project.ProjectFile).Replace("</Project>", """
              <Target Name="BeforeBuild"><WriteLinesToFile File="hooks.log" Lines="BeforeBuild" /></Target>
              <Target Name="AfterBuild"><WriteLinesToFile File="hooks.log" Lines="AfterBuild" /></Target>
              <Target Name="BeforePublish"><WriteLinesToFile File="hooks.log" Lines="BeforePublish" /></Target>
              <Target Name="AfterPublish"><WriteLinesToFile File="hooks.log" Lines="AfterPublish $(ModelcarImageDigest)" /></Target>
            </Project>
            """);
        File.WriteAllText(project.ProjectFile, body);

        project.Publish().EnsureSuccess("dotnet publish");

        string[] ran = File.ReadAllLines(log);
        CollectionAssert.AreEqual(new[] { "BeforeBuild", "AfterBuild", "BeforePublish" }, ran[..3], string.Join(" | ", ran));
        StringAssert.StartsWith(ran[3], "AfterPublish sha256:", "AfterPublish runs after the image is published and sees its digest");

        string kustomize = Path.Combine(project.PublishDirectory, "kustomize");
        Assert.IsTrue(File.Exists(Path.Combine(kustomize, "kustomization.yaml")), "the Kustomize layout was written");
        Assert.IsTrue(File.Exists(Path.Combine(project.PublishDirectory, "hooked.oci.tar")));
        DotnetCli.Run(project.Directory, "build", project.ProjectFile, "-c", "Debug").EnsureSuccess("dotnet build -c Debug");
        Assert.IsTrue(File.Exists(Path.Combine(project.Directory, "obj", "Debug", "modelcar.plan.json")));

        // dotnet clean in its default configuration (Debug), after a Release publish.
        DotnetCli.Run(project.Directory, "clean", project.ProjectFile).EnsureSuccess("dotnet clean");

        string[] left = Directory.EnumerateFiles(project.Directory, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(project.Directory, p)).Order().ToArray();
        CollectionAssert.AreEquivalent(new[] { "NuGet.config", "hooked.modelproj", "hooks.log", Path.Combine("model", "weights.bin") }, left,
            "clean leaves the project, its model and nothing the SDK wrote: " + string.Join(", ", left));
        Assert.IsFalse(Directory.Exists(kustomize), "the Kustomize folder is removed once empty");
    }

    [TestMethod]
    public void Clean_LeavesFilesItDidNotWrite_InTheKustomizeFolder()
    {
        var project = new ModelProject("kustomized", """
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <KServeModelFormat>sklearn</KServeModelFormat>
                <KServeManifestLayout>Kustomize</KServeManifestLayout>
            """);
        project.AddRandomFile("weights.bin", 64);
        project.Publish().EnsureSuccess("dotnet publish");
        string kustomize = Path.Combine(project.PublishDirectory, "kustomize");
        string patch = Path.Combine(kustomize, "my-patch.yaml");
        File.WriteAllText(patch, "# the user's own\n");

        DotnetCli.Run(project.Directory, "clean", project.ProjectFile, "-c", "Release").EnsureSuccess("dotnet clean -c Release");

        Assert.IsTrue(File.Exists(patch), "a file the SDK did not write stays");
        Assert.IsFalse(File.Exists(Path.Combine(kustomize, "kustomization.yaml")), "the SDK's own files go");
        Assert.IsFalse(File.Exists(Path.Combine(project.PublishDirectory, "kustomized.oci.tar")));
    }
}
