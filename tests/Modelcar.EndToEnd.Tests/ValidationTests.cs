using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Modelcar.Oci.Tests.Faults;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// Issue 12, items 3 and 4, through the packed nupkg: <c>dotnet build</c> checks every setting the SDK reads (KServe
/// included), each bad value is an error with its code, the property's name and the accepted values, placed at the
/// .modelproj; a lookalike property is a warning naming the real one; and a publish with a bad KServe setting sends
/// nothing to the registry, with or without a build before it.
/// </summary>
[TestClass]
public sealed class ValidationTests
{
    private const string NativeScratch = "<ContainerBaseImage>scratch</ContainerBaseImage><KServeStorageMode>oci+native</KServeStorageMode>";

    /// <summary>Every line that reports <paramref name="code"/> as an error: the build failed, at the .modelproj, never at the SDK's files.</summary>
    private static string[] AssertErrorAtProject(ProcessResult result, ModelProject project, string code, params string[] mentions)
    {
        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        string[] lines = [.. result.Output.Split('\n').Where(l => l.Contains($"error {code}:", StringComparison.Ordinal))];
        Assert.IsTrue(lines.Length > 0, $"no error {code}:\n{result.Output}");
        foreach (string line in lines)
        {
            StringAssert.StartsWith(line.Trim(), project.ProjectFile, $"the error is placed at the .modelproj:\n{line}");
            foreach (string mention in mentions) StringAssert.Contains(line, mention);
        }
        Assert.DoesNotContain("MSB4030", result.Output, "a bad value is the SDK's error, not MSBuild's conversion error");
        Assert.DoesNotContain("   at Modelcar.", result.Output, "no stack trace");
        return lines;
    }

    [TestMethod]
    public void Build_BadBoolNumberAndChoiceValues_AreEachReported_WithPropertyAndAcceptedValues()
    {
        // One build reports every bad setting it can read; one of them is written in the project, so its line is known.
        var project = new ModelProject("bad-values", $"""
                {NativeScratch}
                <KServeModelFormat>sklearn</KServeModelFormat>
                <ModelcarUseDigestCache>nope</ModelcarUseDigestCache>
            """);
        project.AddRandomFile("weights.bin", 10);
        int line = Array.FindIndex(File.ReadAllLines(project.ProjectFile), l => l.Contains("<ModelcarUseDigestCache>", StringComparison.Ordinal)) + 1;

        // The settings only the publish reads are checked together after the plan, so one build reports them all.
        ProcessResult build = project.Build(
            "ModelcarParallelism=four", "GenerateKServeManifest=no", "ModelcarRegistryRetries=-3", "ContainerRuntimeIdentifiers=banana");

        string[] invalid = AssertErrorAtProject(build, project, "MODELCAR051");
        Assert.IsTrue(invalid.Any(l => l.Contains("ModelcarParallelism is 'four'") && l.Contains("a whole number from 0 to 256")), build.Output);
        Assert.IsTrue(invalid.Any(l => l.Contains("GenerateKServeManifest is 'no'") && l.Contains("'true' or 'false'")), build.Output);
        Assert.IsTrue(invalid.Any(l => l.StartsWith($"{project.ProjectFile}({line}): error MODELCAR051: ModelcarUseDigestCache is 'nope'", StringComparison.Ordinal) && l.Contains("'true' or 'false'")),
            $"the value written in the project is reported on its line {line}:\n{build.Output}");
        AssertErrorAtProject(build, project, "MODELCAR055", "ModelcarRegistryRetries", "-3", "0 (no retries)");
        AssertErrorAtProject(build, project, "MODELCAR033", "ContainerRuntimeIdentifiers", "'banana'", "linux-x64");

        // The plan reads ModelcarStreamSources itself, with the same parser.
        AssertErrorAtProject(project.Build("ModelcarUseDigestCache=true", "ModelcarStreamSources=maybe"), project, "MODELCAR051", "ModelcarStreamSources is 'maybe'", "'true' or 'false'");
    }

    [TestMethod]
    [DataRow("KServeStorageMode=bogus", "MODELCAR036", new[] { "KServeStorageMode", "'bogus'", "'oci'", "'oci+native'" })]
    [DataRow("KServeMinReplicas=one", "MODELCAR065", new[] { "KServeMinReplicas", "'one'", "whole number" })]
    [DataRow("KServeProtocolVersion=v9", "MODELCAR062", new[] { "KServeProtocolVersion", "'v9'", "'v1', 'v2', 'grpc-v1', 'grpc-v2'" })]
    [DataRow("KServeName=My_Model", "MODELCAR060", new[] { "KServeName", "'My_Model'", "'my-model'" })]
    [DataRow("KServeModelFormat=", "MODELCAR061", new[] { "KServeModelFormat" })]
    public void Build_BadKServeSetting_FailsTheBuild_AsThePublishWould(string property, string code, string[] mentions)
    {
        // KServe is checked by rendering the InferenceService with a placeholder digest, so `dotnet build` fails on
        // what used to be found only after the push.
        var project = new ModelProject("bad-kserve", $"{NativeScratch}<KServeModelFormat>sklearn</KServeModelFormat>");
        project.AddRandomFile("weights.bin", 10);

        AssertErrorAtProject(project.Build(property), project, code, mentions);
        Assert.IsFalse(Directory.Exists(project.PublishDirectory), "a build writes no manifest");
    }

    [TestMethod]
    public void Build_LookalikePropertyAndItem_WarnWithTheRealNames_AtTheirLines()
    {
        var project = new ModelProject("lookalike", $"""
                {NativeScratch}
                <KServeModelFormat>sklearn</KServeModelFormat>
                <ContainerRegistery>quay.io</ContainerRegistery>
                <KServeModleFormat>sklearn</KServeModleFormat>
            """, """<ModelFiles Include="extra/**" />""");
        project.AddRandomFile("weights.bin", 10);
        string[] projectLines = File.ReadAllLines(project.ProjectFile);
        int LineOf(string text) => Array.FindIndex(projectLines, l => l.Contains(text, StringComparison.Ordinal)) + 1;

        string props = Path.Combine(project.Directory, "Directory.Build.props");
        File.WriteAllText(props, "<Project>\n  <PropertyGroup>\n    <ModelcarParalelism>8</ModelcarParalelism>\n  </PropertyGroup>\n</Project>\n");

        ProcessResult build = project.Build().EnsureSuccess("dotnet build with lookalike names (warnings only)");

        StringAssert.Contains(build.Output, $"{project.ProjectFile}({LineOf("<ContainerRegistery>")}): warning MODELCAR052: The project sets ContainerRegistery");
        StringAssert.Contains(build.Output, "Did you mean ContainerRegistry?");
        StringAssert.Contains(build.Output, $"{project.ProjectFile}({LineOf("<KServeModleFormat>")}): warning MODELCAR052: The project sets KServeModleFormat");
        StringAssert.Contains(build.Output, "Did you mean KServeModelFormat?");
        StringAssert.Contains(build.Output, $"{project.ProjectFile}({LineOf("<ModelFiles ")}): warning MODELCAR053: The project has ModelFiles items");
        StringAssert.Contains(build.Output, "Did you mean ModelFile?");
        StringAssert.Contains(build.Output, $"{props}(3): warning MODELCAR052: The project sets ModelcarParalelism", "Directory.Build.props is read too");
        StringAssert.Contains(build.Output, "Did you mean ModelcarParallelism?");
    }

    [TestMethod]
    [TestCategory("Registry")]
    public async Task Publish_KServeTypo_SendsNoRequest_AndLeavesTheTagWhereItWas_WithOrWithoutABuild()
    {
        string registry = TestEnvironment.Registry;
        string repository = $"e2e/validate-{Guid.NewGuid():N}"[..24];
        // A recording proxy in front of the real registry: every request the publish makes passes through it.
        var requests = new ConcurrentQueue<ProxiedRequest>();
        await using var proxy = new FaultProxy(registry, request => { requests.Enqueue(request); return Fault.Pass; });
        var project = new ModelProject("kserve-typo", $"""
                <ContainerRegistry>{proxy.Address}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerImageTag>1.0</ContainerImageTag>
                {NativeScratch}
                <KServeModelFormat>sklearn</KServeModelFormat>
            """);
        project.AddRandomFile("weights.bin", 64 * 1024);
        SourcePublish.Run(project, new Dictionary<string, string?>()).EnsureSuccess("the first, good publish");
        Assert.IsTrue(requests.Any(r => r.IsUpload), "the proxy sees the uploads of a publish (so the zero below is not the proxy's blindness)");
        string digestBefore = await ManifestDigestAsync(registry, repository, "1.0");
        IReadOnlyList<string> tagsBefore = SourcePublish.RegistryTags(repository);
        string imageJson = Path.Combine(project.PublishDirectory, "kserve-typo.image.json");
        string imageJsonBefore = File.ReadAllText(imageJson);

        // New model bytes, and the model format misspelled: a publish would upload a new layer and move the tag.
        project.AddRandomFile("weights.bin", 64 * 1024);
        File.WriteAllText(project.ProjectFile, File.ReadAllText(project.ProjectFile).Replace("KServeModelFormat>", "KServeModleFormat>", StringComparison.Ordinal));
        requests.Clear();

        foreach (string[] arguments in new[] { Array.Empty<string>(), ["--no-build"] })
        {
            ProcessResult publish = SourcePublish.Run(project, new Dictionary<string, string?>(), arguments);

            string what = arguments.Length == 0 ? "dotnet publish" : "dotnet publish --no-build";
            Assert.AreNotEqual(0, publish.ExitCode, $"{what}:\n{publish.Output}");
            StringAssert.Contains(publish.Output, $"{project.ProjectFile} : error MODELCAR061:", what);
            StringAssert.Contains(publish.Output, "warning MODELCAR052: The project sets KServeModleFormat", what);
            StringAssert.Contains(publish.Output, "Did you mean KServeModelFormat?", what);
            Assert.IsEmpty(requests, $"{what} sent {requests.Count} request(s) before failing: {string.Join(", ", requests.Select(r => $"{r.Method} {r.Path}"))}");
        }
        Assert.AreEqual(0, requests.Count(r => r.IsUpload), "no blob upload");
        CollectionAssert.AreEqual(tagsBefore.ToArray(), SourcePublish.RegistryTags(repository).ToArray(), "the catalogue's tags are unchanged");
        Assert.AreEqual(digestBefore, await ManifestDigestAsync(registry, repository, "1.0"), "the tag still names the first image");
        Assert.AreEqual(imageJsonBefore, File.ReadAllText(imageJson), "no new image.json beside the old YAML");
    }

    /// <summary>The digest the registry serves for a tag, asked directly (not through the proxy).</summary>
    private static async Task<string> ManifestDigestAsync(string registry, string repository, string tag)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, $"http://{registry}/v2/{repository}/manifests/{tag}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.index.v1+json"));
        using HttpResponseMessage response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }
}
