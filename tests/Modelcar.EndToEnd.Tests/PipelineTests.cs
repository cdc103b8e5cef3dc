namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// <c>dotnet publish</c> as it runs inside GitHub Actions and Azure Pipelines: the variables those runners set are
/// set here, and the files and logging commands the SDK writes are read back.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class PipelineTests
{
    private static IsolatedPublish NewProject(string name)
    {
        var project = new ModelProject(name, $"""
                <ContainerRegistry>{TestEnvironment.Registry}</ContainerRegistry>
                <ContainerRepository>e2e/pipeline-{name}-{Guid.NewGuid():N}</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
                <Version>2.0.0</Version>
                <KServeModelFormat>huggingface</KServeModelFormat>
            """);
        project.AddRandomFile("weights.bin", 2048);
        return new IsolatedPublish(project);
    }

    [TestMethod]
    public void GitHubActions_AppendsOutputsAndAStepSummary()
    {
        var publish = NewProject("gha");
        string output = publish.WriteHomeFile("github_output", "earlier=kept\n");
        string summary = publish.WriteHomeFile("github_step_summary", "");
        publish.Environment["GITHUB_ACTIONS"] = "true";
        publish.Environment["GITHUB_OUTPUT"] = output;
        publish.Environment["GITHUB_STEP_SUMMARY"] = summary;

        publish.Run().EnsureSuccess("dotnet publish");

        var image = new PublishedImage(publish.Project);
        string[] lines = File.ReadAllLines(output);
        CollectionAssert.Contains(lines, "earlier=kept", "the file is appended to, not replaced");
        CollectionAssert.Contains(lines, $"image={image.Reference}");
        CollectionAssert.Contains(lines, $"digest={image.Digest}");
        CollectionAssert.Contains(lines, $"inference-service={image.InferenceServicePath}");
        string markdown = File.ReadAllText(summary);
        StringAssert.Contains(markdown, $"| Digest | `{image.Digest}` |");
        StringAssert.Contains(markdown, $"| Image | `{image.Reference}` |");
    }

    [TestMethod]
    public void AzurePipelines_SetsOutputVariablesAndUploadsTheInferenceService()
    {
        var publish = NewProject("azp");
        publish.Environment["TF_BUILD"] = "True";

        ProcessResult result = publish.Run("-p:ModelcarUploadArtifacts=true").EnsureSuccess("dotnet publish");

        var image = new PublishedImage(publish.Project);
        string[] lines = result.Output.Split('\n').Select(l => l.Trim()).ToArray();
        CollectionAssert.Contains(lines, $"##vso[task.setvariable variable=ModelcarImageReference;isOutput=true]{image.Reference}");
        CollectionAssert.Contains(lines, $"##vso[task.setvariable variable=ModelcarImageDigest;isOutput=true]{image.Digest}");
        CollectionAssert.Contains(lines, $"##vso[artifact.upload containerfolder=modelcar;artifactname=modelcar]{image.InferenceServicePath}");
        Assert.AreEqual(1, lines.Count(l => l.StartsWith("##vso[task.setvariable variable=ModelcarImageDigest", StringComparison.Ordinal)), "written once at the default verbosity:\n" + result.Output);
    }

    [TestMethod]
    public void AzurePipelines_WithoutUploadArtifacts_SetsVariablesOnly()
    {
        var publish = NewProject("azpnoupload");
        publish.Environment["TF_BUILD"] = "True";

        ProcessResult result = publish.Run().EnsureSuccess("dotnet publish");

        StringAssert.Contains(result.Output, "##vso[task.setvariable variable=ModelcarImageDigest;isOutput=true]sha256:");
        Assert.DoesNotContain("##vso[artifact.upload", result.Output);
    }

    [TestMethod]
    public void OutsideCi_NothingIsWritten()
    {
        var publish = NewProject("noci");

        ProcessResult result = publish.Run().EnsureSuccess("dotnet publish");

        Assert.DoesNotContain("##vso[", result.Output);
    }

    /// <summary>
    /// -v:q prints no build message, and with -m a project's tasks may run in an MSBuild worker node, whose own stdout
    /// MSBuild never reads: two projects built in parallel (-m:2) must both reach the agent's output, once each.
    /// </summary>
    [TestMethod]
    public void Quiet_ParallelBuild_StillWritesAzureCommandsAndGitHubOutputs()
    {
        var first = NewProject("quiet1");
        var second = NewProject("quiet2");
        string output = first.WriteHomeFile("github_output", "");
        first.Environment["TF_BUILD"] = "True";
        first.Environment["GITHUB_ACTIONS"] = "true";
        first.Environment["GITHUB_OUTPUT"] = output;
        string traversal = Path.Combine(first.Project.Directory, "all.proj");
        File.WriteAllText(traversal, $"""
            <Project>
              <Target Name="Publish">
                <MSBuild Projects="{first.Project.ProjectFile};{second.Project.ProjectFile}" Targets="Publish" BuildInParallel="true" Properties="Configuration=Release" />
              </Target>
            </Project>
            """);

        ProcessResult result = ProcessRunner.Run("dotnet", ["msbuild", traversal, "-t:Publish", "-m:2", "-v:q", "-nodeReuse:false"], first.Project.Directory, first.Environment)
            .EnsureSuccess("dotnet msbuild -m:2 -v:q");

        string[] lines = result.Output.Split('\n').Select(l => l.Trim()).ToArray();
        foreach (ModelProject project in new[] { first.Project, second.Project })
        {
            var image = new PublishedImage(project);
            Assert.AreEqual(1, lines.Count(l => l == $"##vso[task.setvariable variable=ModelcarImageDigest;isOutput=true]{image.Digest}"), result.Output);
            CollectionAssert.Contains(lines, $"##vso[task.setvariable variable=ModelcarImageReference;isOutput=true]{image.Reference}");
            CollectionAssert.Contains(File.ReadAllLines(output), $"digest={image.Digest}");
        }
        Assert.DoesNotContain("Publishing ", result.Output, "-v:q prints no progress");
    }

    /// <summary>
    /// Under the terminal logger (forced with -tl:on: MSBuild turns it off by itself when TF_BUILD or GITHUB_ACTIONS is
    /// set), in a pseudo-terminal as a developer or a CI agent with a TTY has it: live progress lines, the result,
    /// and the pipeline outputs.
    /// </summary>
    [TestMethod]
    public void TerminalLogger_ShowsProgress_TheResult_AndThePipelineOutputs()
    {
        var publish = NewProject("tl");
        publish.Project.AddRandomFile("big.safetensors", 48 << 20);
        string output = publish.WriteHomeFile("github_output", "");
        publish.Environment["TF_BUILD"] = "True";
        publish.Environment["GITHUB_ACTIONS"] = "true";
        publish.Environment["GITHUB_OUTPUT"] = output;
        publish.Environment["TERM"] = "xterm-256color";
        publish.Environment["MODELCAR_PROGRESS_INTERVAL"] = "0.1";

        string command = $"dotnet publish '{publish.Project.ProjectFile}' -c Release -nodeReuse:false -tl:on";
        // script's typescript file keeps the bytes as the terminal got them (a line reader would turn each \r into a line).
        string typescript = Path.Combine(publish.Project.Directory, "typescript.txt");
        ProcessResult run = ProcessRunner.Run("script", ["-q", "-e", "-c", command, typescript], publish.Project.Directory, publish.Environment);
        string raw = File.ReadAllText(typescript);
        string stream = TerminalScreen.Strip(raw);
        string screen = TerminalScreen.Render(raw);
        Assert.AreEqual(0, run.ExitCode, stream);

        var image = new PublishedImage(publish.Project);
        // Live: progress lines (bytes, share, rate, layer) under the logger's status while the layer uploads.
        StringAssert.Matches(stream, new System.Text.RegularExpressions.Regex(@"… [0-9.]+ [KMG]?i?B of [0-9.]+ [KMG]i?B \([0-9]+%\), [0-9]+ MB/s, layer 1/[0-9]+ "), "a live progress line with bytes, rate and layer:\n" + stream);
        // ... drawn on the row under the logger's status (cursor saved and restored), so mid-upload the screen shows both.
        int lastStatus = raw.LastIndexOf("\u001b7\r… ", StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, lastStatus, "progress is written as a live status line:\n" + stream);
        string[] midUpload = TerminalScreen.Render(raw[..raw.IndexOf("\u001b8", lastStatus, StringComparison.Ordinal)]).Split('\n');
        StringAssert.StartsWith(midUpload[^1], "… ", string.Join('\n', midUpload));
        StringAssert.Contains(midUpload[^2], "ModelcarPublishImage", string.Join('\n', midUpload));
        // Left on the screen at the end: the result line with the InferenceService and the image by digest.
        StringAssert.Contains(screen, $"tl succeeded", screen);
        StringAssert.Contains(screen, $"→ bin/Release/publish/tl.inferenceservice.yaml ({image.Reference})", screen);
        StringAssert.EndsWith(image.Reference, image.Digest);
        // The agent reads the stream: each logging command once, and the GitHub outputs in their file.
        Assert.AreEqual(1, stream.Split('\n').Count(l => l.Trim() == $"##vso[task.setvariable variable=ModelcarImageDigest;isOutput=true]{image.Digest}"), stream);
        CollectionAssert.Contains(File.ReadAllLines(output), $"digest={image.Digest}");
    }
}
