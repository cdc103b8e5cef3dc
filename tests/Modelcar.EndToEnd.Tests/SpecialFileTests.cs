namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// Files in the model folder that are not regular files, and names MSBuild cannot carry: each is refused at plan
/// time with its code and a message that says what to do, and a FIFO no longer hangs the publish.
/// </summary>
[TestClass]
public sealed class SpecialFileTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    private static ProcessResult PublishWithin(ModelProject project)
    {
        ProcessResult result = ProcessRunner.Run("dotnet",
            ["publish", project.ProjectFile, "-c", "Release", "-nodeReuse:false"],
            workingDirectory: project.Directory,
            environment: new Dictionary<string, string?>
            {
                ["NUGET_PACKAGES"] = SdkPackage.PackagesFolder,
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            },
            timeout: Bound); // ProcessRunner fails the test when the bound passes: a hang is a failure
        return result;
    }

    private static ModelProject Project(string name)
    {
        var project = new ModelProject(name, """
                <ContainerRepository>acme/special</ContainerRepository>
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <KServeModelFormat>onnx</KServeModelFormat>
            """);
        project.AddRandomFile("weights.bin", 100);
        return project;
    }

    private static void AssertOneError(ProcessResult result, string code, string message)
    {
        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        StringAssert.Contains(result.Output, $"error {code}: {message}", result.Output);
        Assert.DoesNotContain("   at Modelcar.", result.Output, "no stack trace");
    }

    [TestMethod]
    public void Publish_FifoInTheModelFolder_IsRefusedWithoutHanging()
    {
        ModelProject project = Project("fifo");
        string fifo = Path.Combine(project.Directory, "model", "pipe");
        ProcessRunner.Run("mkfifo", [fifo]).EnsureSuccess("mkfifo");

        ProcessResult publish = PublishWithin(project);

        AssertOneError(publish, "MODELCAR016",
            $"The model file 'model/pipe' ('{fifo}') is a named pipe (FIFO), not a regular file, so it cannot be put in an image. Remove it from the model folder, or leave it out of the ModelFile glob (e.g. <ModelFile Remove=\"model/pipe\" />).");
    }

    [TestMethod]
    public void Publish_CharacterDeviceInTheModelFolder_IsRefusedAsASpecialFile()
    {
        ModelProject project = Project("chardev");
        string device = Path.Combine(project.Directory, "model", "null");
        // /dev/null's numbers (1, 3); creating a device node needs root (CAP_MKNOD).
        ProcessResult mknod = ProcessRunner.Run("mknod", [device, "c", "1", "3"]);
        if (mknod.ExitCode != 0) MissingFacility.Report($"mknod is not allowed here (needs root): {mknod.Output.Trim()}");

        ProcessResult publish = PublishWithin(project);

        AssertOneError(publish, "MODELCAR016",
            $"The model file 'model/null' ('{device}') is a character device, not a regular file, so it cannot be put in an image. Remove it from the model folder, or leave it out of the ModelFile glob (e.g. <ModelFile Remove=\"model/null\" />).");
    }

    [TestMethod]
    public void Build_FileWithABackslashInItsName_SaysMSBuildReadsItAsASeparator()
    {
        ModelProject project = Project("backslash");
        string file = Path.Combine(project.Directory, "model", "back\\slash.txt");
        File.WriteAllText(file, "x");

        ProcessResult build = project.Build();

        AssertOneError(build, "MODELCAR011",
            $"The model file 'model/back/slash.txt' does not exist ('{Path.Combine(project.Directory, "model", "back", "slash.txt")}'), but '{file}' does: MSBuild reads a backslash in an item path as a folder separator, so a file whose name holds '\\' cannot be listed as a ModelFile (neither by name nor by a glob). Rename it without the backslash (for example to 'back_slash.txt').");
    }
}
