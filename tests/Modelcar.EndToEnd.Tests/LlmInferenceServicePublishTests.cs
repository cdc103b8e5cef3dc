using Modelcar.KServe.Tests;
using YamlDotNet.RepresentationModel;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// `dotnet publish` with KServeManifestKind=LLMInferenceService: the LLMInferenceService (and LocalModelCache) validate
/// against KServe's CRDs (../shared/kserve; Inconclusive without it) and name the pushed digest.
/// </summary>
[TestClass]
public sealed class LlmInferenceServicePublishTests
{
    private const string GpuItems = """
            <KServeArg Include="--max-model-len=8192" />
            <KServeEnv Include="VLLM_LOGGING_LEVEL" Value="INFO" />
            <KServeResource Include="nvidia.com/gpu" Limit="1" />
            <KServeToleration Include="nvidia.com/gpu" Effect="NoSchedule" />
            <KServeNodeSelector Include="nvidia.com/gpu.present" Value="true" />
            <KServeNodeAffinity Include="nvidia.com/gpu.product" Values="NVIDIA-A100-SXM4-80GB;NVIDIA-H100-80GB-HBM3" />
        """;

    private static List<YamlNode> Documents(string path)
    {
        Assert.IsTrue(File.Exists(path), $"{path} was not written");
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return stream.Documents.Select(d => d.RootNode).ToList();
    }

    private static string Scalar(YamlNode node, params object[] path)
    {
        foreach (object step in path) node = step is int i ? ((YamlSequenceNode)node)[i] : node[(string)step];
        return ((YamlScalarNode)node).Value!;
    }

    [TestMethod]
    [TestCategory("Registry")]
    public void Publish_LlmInferenceServiceWithCache_SingleFile_ValidAndPinnedToThePushedDigest()
    {
        var llmCrd = OpenApiSchemaValidator.FromCrd(KServeData.RequireFile("serving.kserve.io_llminferenceservices.yaml"), version: 1);
        var cacheCrd = OpenApiSchemaValidator.FromCrd(KServeData.RequireFile("serving.kserve.io_localmodelcaches.yaml"));
        string registry = TestEnvironment.Registry;
        string repository = "e2e/llmisvc-" + Guid.NewGuid().ToString("N")[..8];
        var project = new ModelProject("granite-llm", $"""
                <ContainerRegistry>{registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
                <Version>2.0.0</Version>
                <KServeManifestKind>LLMInferenceService</KServeManifestKind>
                <KServeNamespace>models</KServeNamespace>
                <KServeModelName>ibm-granite/granite-3.1-2b-instruct</KServeModelName>
                <KServeReplicas>2</KServeReplicas>
                <KServeLocalModelCache>true</KServeLocalModelCache>
                <KServeLocalModelNodeGroups>gpu-a100;gpu-h100</KServeLocalModelNodeGroups>
            """, GpuItems);
        project.AddRandomFile("config.json", 700);
        project.AddRandomFile("model.safetensors", 3000);

        ProcessResult publish = project.Publish().EnsureSuccess("dotnet publish");
        Assert.IsFalse(publish.Output.Contains("MODELCAR078"), "LLMInferenceService + oci:// is served from the cache: no warning");

        var published = new PublishedImage(project);
        string pushed = ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--format", "{{.Digest}}", $"docker://{registry}/{repository}:2.0.0"])
            .EnsureSuccess("skopeo inspect").Output.Trim();
        Assert.AreEqual(published.Digest, pushed);

        string path = Path.Combine(project.PublishDirectory, "granite-llm.llminferenceservice.yaml");
        var docs = Documents(path);
        Assert.HasCount(2, docs, "the LocalModelCache, then the LLMInferenceService");
        Assert.IsEmpty(cacheCrd.Validate(docs[0]), string.Join("\n", cacheCrd.Validate(docs[0])));
        Assert.IsEmpty(llmCrd.Validate(docs[1]), string.Join("\n", llmCrd.Validate(docs[1])));

        string uri = $"oci://{registry}/{repository}:2.0.0@{pushed}";
        Assert.AreEqual(uri, Scalar(docs[1], "spec", "model", "uri"));
        Assert.AreEqual(uri, Scalar(docs[0], "spec", "sourceModelUri"), "the cache matches the workload's URI exactly");
        Assert.AreEqual("ibm-granite/granite-3.1-2b-instruct", Scalar(docs[1], "spec", "model", "name"));
        Assert.AreEqual("2", Scalar(docs[1], "spec", "replicas"));
        Assert.AreEqual("1", Scalar(docs[1], "spec", "template", "containers", 0, "resources", "limits", "nvidia.com/gpu"));
        Assert.AreEqual("Exists", Scalar(docs[1], "spec", "template", "tolerations", 0, "operator"));
        Assert.AreEqual("gpu-h100", Scalar(docs[0], "spec", "nodeGroups", 1));
        // The busybox base and a few KB of model: the image's size rounded up to whole MiB.
        StringAssert.Matches(Scalar(docs[0], "spec", "modelSize"), new System.Text.RegularExpressions.Regex("^[1-9][0-9]?Mi$"));
        Assert.IsFalse(File.Exists(published.InferenceServicePath), "no InferenceService is written");
    }

    [TestMethod]
    public void Publish_LlmInferenceServiceNative_Kustomize_WarnsThatTheCacheCannotServeIt()
    {
        var llmCrd = OpenApiSchemaValidator.FromCrd(KServeData.RequireFile("serving.kserve.io_llminferenceservices.yaml"), version: 1);
        var project = new ModelProject("native-llm", """
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <KServeManifestKind>LLMInferenceService</KServeManifestKind>
                <KServeManifestLayout>Kustomize</KServeManifestLayout>
                <KServeLocalModelCache>true</KServeLocalModelCache>
                <KServeLocalModelNodeGroups>gpu</KServeLocalModelNodeGroups>
            """, GpuItems);
        project.AddRandomFile("model.safetensors", 3000);

        ProcessResult publish = project.Publish().EnsureSuccess("dotnet publish");
        StringAssert.Contains(publish.Output, "warning MODELCAR078");

        string folder = Path.Combine(project.PublishDirectory, "kustomize");
        CollectionAssert.AreEquivalent(new[] { "kustomization.yaml", "llminferenceservice.yaml" },
            Directory.GetFiles(folder).Select(Path.GetFileName).ToArray(), "no LocalModelCache KServe would not use");
        var llm = Documents(Path.Combine(folder, "llminferenceservice.yaml")).Single();
        Assert.IsEmpty(llmCrd.Validate(llm), string.Join("\n", llmCrd.Validate(llm)));
        StringAssert.StartsWith(Scalar(llm, "spec", "model", "uri"), "oci+native://localhost/native-llm:1.0.0@sha256:");
        Assert.AreEqual("native-llm", Scalar(llm, "spec", "model", "name"), "the default model name is the repository");
    }

    [TestMethod]
    public void Publish_LlmInferenceServiceWithAnInferenceServiceOnlySetting_Fails077()
    {
        var project = new ModelProject("llm-knative", """
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <KServeManifestKind>LLMInferenceService</KServeManifestKind>
                <KServeMinReplicas>1</KServeMinReplicas>
            """);
        project.AddRandomFile("model.safetensors", 100);

        ProcessResult publish = project.Publish();

        Assert.AreNotEqual(0, publish.ExitCode, publish.Output);
        StringAssert.Contains(publish.Output, "error MODELCAR077");
        StringAssert.Contains(publish.Output, "KServeMinReplicas");
        Assert.IsFalse(File.Exists(Path.Combine(project.PublishDirectory, "llm-knative.llminferenceservice.yaml")));
    }
}
