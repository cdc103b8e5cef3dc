namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// Where dotnet publish writes, for every way a CI script names a folder. The CLI passes <c>-o out</c> as the global
/// property PublishDir=/abs/out with no trailing slash, which the project cannot reassign; before the SDK normalised
/// its paths this wrote <c>outname.oci.tar</c> beside the project. OCI archive output, no base image: no registry.
/// </summary>
[TestClass]
public sealed class OutputPathTests
{
    private const string Absolute = "{abs}";

    private static ModelProject NewProject(string name)
    {
        var project = new ModelProject(name, """
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <KServeModelFormat>sklearn</KServeModelFormat>
            """);
        project.AddRandomFile("weights.bin", 64);
        return project;
    }

    /// <param name="option">The option as typed; <c>{abs}</c> stands for a fresh absolute folder outside the project.</param>
    /// <param name="expectedPublishFolder">Where the three published files must be, relative to the project (or under {abs}).</param>
    [TestMethod]
    [DataRow("-o", "out", "out")]
    [DataRow("-o", "out/", "out")]
    [DataRow("-o", Absolute, Absolute)]
    [DataRow("-o", Absolute + "/", Absolute)]
    [DataRow("-p:PublishDir=", "pub", "pub")]
    [DataRow("-p:PublishDir=", Absolute, Absolute)]
    [DataRow("-p:OutputPath=", "custom", "custom/publish")]
    [DataRow("-p:OutputPath=", Absolute + "/", Absolute + "/publish")]
    public void Publish_WritesIntoTheNamedFolder_WithOrWithoutTrailingSlash(string option, string value, string expectedPublishFolder)
    {
        var project = NewProject("paths");
        string absolute = Path.Combine(SdkPackage.Work, "abs-out-" + Guid.NewGuid().ToString("N")[..8]);
        string Resolve(string s) => s.Replace(Absolute, absolute);
        string[] arguments = option.EndsWith('=') ? [option + Resolve(value)] : [option, Resolve(value)];

        DotnetCli.Run(project.Directory, ["publish", project.ProjectFile, .. arguments]).EnsureSuccess($"dotnet publish {string.Join(' ', arguments)}");

        string folder = Path.GetFullPath(Resolve(expectedPublishFolder), project.Directory);
        foreach (string file in new[] { "paths.oci.tar", "paths.image.json", "paths.inferenceservice.yaml" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(folder, file)), $"{file} is in {folder}; the project folder holds: {Listing(project.Directory)}");
        }
        // Nothing glued to the folder's name (out + paths.oci.tar) beside the project or the folder.
        foreach (string pattern in new[] { "*.oci.tar", "*.image.json", "*.inferenceservice.yaml" })
        {
            Assert.AreEqual(0, Directory.GetFiles(project.Directory, pattern).Length, "no published file beside the project: " + Listing(project.Directory));
            Assert.AreEqual(0, Directory.GetFiles(Path.GetDirectoryName(folder)!, pattern).Length, "no file named after the folder beside it");
        }
    }

    [TestMethod]
    [DataRow("objx")]
    [DataRow(Absolute)]
    public void Build_BaseIntermediateOutputPath_WithoutTrailingSlash_HoldsThePlanAndCaches(string value)
    {
        var project = NewProject("intermediate");
        string absolute = Path.Combine(SdkPackage.Work, "abs-obj-" + Guid.NewGuid().ToString("N")[..8]);
        string folder = value == Absolute ? absolute : Path.Combine(project.Directory, value);

        DotnetCli.Run(project.Directory, "publish", project.ProjectFile, "-p:BaseIntermediateOutputPath=" + (value == Absolute ? absolute : value))
            .EnsureSuccess("dotnet publish -p:BaseIntermediateOutputPath=" + value);

        Assert.IsTrue(File.Exists(Path.Combine(folder, "Release", "modelcar.plan.json")), "the plan is under <BaseIntermediateOutputPath>/Release/: " + Listing(project.Directory));
        Assert.IsFalse(Directory.Exists(folder + "Release"), "no folder glued to the name");
        Assert.IsFalse(Directory.Exists(Path.Combine(project.Directory, "obj")), "nothing in the default obj/");
        Assert.IsTrue(File.Exists(Path.Combine(project.PublishDirectory, "intermediate.oci.tar")));
    }

    [TestMethod]
    public void Publish_OutputPathSetInTheProjectWithoutSlash_MovesThePublishFolder()
    {
        var project = new ModelProject("in-body", """
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <KServeModelFormat>sklearn</KServeModelFormat>
                <OutputPath>build-output</OutputPath>
            """);
        project.AddRandomFile("weights.bin", 64);

        DotnetCli.Run(project.Directory, "publish", project.ProjectFile).EnsureSuccess("dotnet publish");

        Assert.IsTrue(File.Exists(Path.Combine(project.Directory, "build-output", "publish", "in-body.oci.tar")),
            "PublishDir follows an OutputPath set in the project body, as in a .csproj: " + Listing(project.Directory));
    }

    private static string Listing(string folder) =>
        string.Join(", ", Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(folder, p)));
}
