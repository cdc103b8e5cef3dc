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
}
