using Modelcar.KServe.Tests;
using YamlDotNet.RepresentationModel;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// The KServe manifest as `dotnet publish` writes it from .modelproj properties and items: validated against KServe's
/// CRDs (../shared/kserve; Inconclusive without it, a failure under CI=true) and pinned to the digest the registry reports.
/// </summary>
[TestClass]
public sealed class KServeManifestTests
{
    private const string ModelItems = """
            <KServeLabel Include="team" Value="nlp" />
            <KServeLabel Include="app.kubernetes.io/part-of" Value="chat" />
            <KServeAnnotation Include="example.com/owner" Value="NLP team: inference" />
            <KServeArg Include="--max-model-len=4096" />
            <KServeArg Include="--dtype" />
            <KServeArg Include="1.0" />
            <KServeEnv Include="HF_HUB_OFFLINE" Value="1" />
            <KServeEnv Include="VLLM_LOGGING_LEVEL" Value="INFO" />
            <KServeResource Include="cpu" Request="2" Limit="4" />
            <KServeResource Include="memory" Request="16Gi" Limit="24Gi" />
            <KServeResource Include="nvidia.com/gpu" Limit="1" />
        """;

    private static OpenApiSchemaValidator Crd(string file) => OpenApiSchemaValidator.FromCrd(KServeData.RequireFile(file));

    private static YamlMappingNode Node(YamlNode node, params object[] path)
    {
        foreach (object step in path) node = step is int i ? ((YamlSequenceNode)node)[i] : node[(string)step];
        return (YamlMappingNode)node;
    }

    private static string[] Strings(YamlNode node) => ((YamlSequenceNode)node).Select(n => ((YamlScalarNode)n).Value!).ToArray();

    [TestMethod]
    [TestCategory("Registry")]
    public void Publish_KnativeNativeWithItems_WritesAValidManifestPinnedToThePushedDigest()
    {
        var isvcCrd = Crd("serving.kserve.io_inferenceservices.yaml");
        string registry = TestEnvironment.Registry;
        string repository = "e2e/kserve-" + Guid.NewGuid().ToString("N")[..8];
        var project = new ModelProject("Granite_Chat", $"""
                <ContainerRegistry>{registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <ContainerImageTags>latest;1.4.0</ContainerImageTags>
                <KServeNamespace>models</KServeNamespace>
                <KServeModelFormat>vLLM</KServeModelFormat>
                <KServeModelFormatVersion>1</KServeModelFormatVersion>
                <KServeDeploymentMode>Knative</KServeDeploymentMode>
                <KServeProgressDeadline>45m</KServeProgressDeadline>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <KServeMinReplicas>0</KServeMinReplicas>
                <KServeMaxReplicas>3</KServeMaxReplicas>
                <KServeScaleMetric>concurrency</KServeScaleMetric>
                <KServeScaleTarget>4</KServeScaleTarget>
                <KServeServiceAccountName>models-puller</KServeServiceAccountName>
                <KServeImagePullSecrets>quay-pull;backup-pull</KServeImagePullSecrets>
            """, ModelItems);
        project.AddRandomFile("config.json", 700);
        project.AddRandomFile("model.safetensors", 3000);

        ProcessResult publish = project.Publish().EnsureSuccess("dotnet publish");
        StringAssert.Contains(publish.Output, "MODELCAR071", "publishing 'latest' is a warning");
        StringAssert.Contains(publish.Output, "pull policy Always");

        var published = new PublishedImage(project);
        string pushed = ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--format", "{{.Digest}}", $"docker://{registry}/{repository}:1.4.0"])
            .EnsureSuccess("skopeo inspect").Output.Trim();
        Assert.AreEqual(published.Digest, pushed);

        string yaml = File.ReadAllText(published.InferenceServicePath);
        var errors = isvcCrd.Validate(yaml);
        Assert.IsEmpty(errors, $"{string.Join("\n", errors)}\n---\n{yaml}");

        var isvc = published.InferenceService();
        Assert.AreEqual("granite-chat", PublishedImage.Scalar(isvc, "metadata", "name"), "the project name made a DNS label");
        Assert.AreEqual("models", PublishedImage.Scalar(isvc, "metadata", "namespace"));
        Assert.AreEqual("nlp", PublishedImage.Scalar(isvc, "metadata", "labels", "team"));
        Assert.AreEqual("chat", PublishedImage.Scalar(isvc, "metadata", "labels", "app.kubernetes.io/part-of"));
        Assert.AreEqual("NLP team: inference", PublishedImage.Scalar(isvc, "metadata", "annotations", "example.com/owner"));
        Assert.AreEqual("Knative", PublishedImage.Scalar(isvc, "metadata", "annotations", "serving.kserve.io/deploymentMode"));
        Assert.AreEqual("45m", PublishedImage.Scalar(isvc, "metadata", "annotations", "serving.knative.dev/progress-deadline"));

        // The version tag, not 'latest', next to the digest the registry holds.
        Assert.AreEqual($"oci+native://{registry}/{repository}:1.4.0@{pushed}", PublishedImage.Scalar(isvc, "spec", "predictor", "model", "storageUri"));
        Assert.AreEqual("0", PublishedImage.Scalar(isvc, "spec", "predictor", "minReplicas"));
        Assert.AreEqual("3", PublishedImage.Scalar(isvc, "spec", "predictor", "maxReplicas"));
        Assert.AreEqual("concurrency", PublishedImage.Scalar(isvc, "spec", "predictor", "scaleMetric"));
        Assert.AreEqual("4", PublishedImage.Scalar(isvc, "spec", "predictor", "scaleTarget"));
        Assert.AreEqual("models-puller", PublishedImage.Scalar(isvc, "spec", "predictor", "serviceAccountName"));
        Assert.AreEqual("backup-pull", PublishedImage.Scalar(Node(isvc, "spec", "predictor", "imagePullSecrets", 1), "name"));

        var model = Node(isvc, "spec", "predictor", "model");
        Assert.AreEqual("vLLM", PublishedImage.Scalar(model, "modelFormat", "name"));
        Assert.AreEqual("1", PublishedImage.Scalar(model, "modelFormat", "version"));
        CollectionAssert.AreEqual(new[] { "--max-model-len=4096", "--dtype", "1.0" }, Strings(model["args"]));
        Assert.AreEqual("VLLM_LOGGING_LEVEL", PublishedImage.Scalar(Node(model, "env", 1), "name"));
        Assert.AreEqual("INFO", PublishedImage.Scalar(Node(model, "env", 1), "value"));
        Assert.AreEqual("2", PublishedImage.Scalar(model, "resources", "requests", "cpu"));
        Assert.AreEqual("24Gi", PublishedImage.Scalar(model, "resources", "limits", "memory"));
        Assert.AreEqual("1", PublishedImage.Scalar(model, "resources", "limits", "nvidia.com/gpu"));
    }

    [TestMethod]
    public void Publish_CustomRuntimeInKustomizeLayout_WritesOneFilePerObjectThatValidates()
    {
        var isvcCrd = Crd("serving.kserve.io_inferenceservices.yaml");
        var runtimeCrd = Crd("serving.kserve.io_servingruntimes.yaml");
        var project = new ModelProject("gguf-chat", """
                <ContainerRepository>acme/gguf-chat</ContainerRepository>
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <KServeModelFormat>gguf</KServeModelFormat>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <KServeStorageMountPath>/mnt/models/base</KServeStorageMountPath>
                <KServeServingRuntimeImage>ghcr.io/acme/llama-server:b4000</KServeServingRuntimeImage>
                <KServeManifestLayout>Kustomize</KServeManifestLayout>
            """, """
                <KServeServingRuntimeArg Include="--model=/mnt/models/base/model.gguf" />
                <KServeLabel Include="team" Value="nlp" />
            """);
        project.AddRandomFile("model.gguf", 4000);

        ProcessResult publish = project.Publish().EnsureSuccess("dotnet publish");
        Assert.DoesNotContain("MODELCAR070", publish.Output, "a custom runtime serves a format no stock runtime knows: no warning");

        string folder = Path.Combine(project.PublishDirectory, "kustomize");
        CollectionAssert.AreEquivalent(new[] { "inferenceservice.yaml", "servingruntime.yaml", "kustomization.yaml" },
            Directory.GetFiles(folder).Select(Path.GetFileName).ToArray());
        Assert.IsFalse(File.Exists(Path.Combine(project.PublishDirectory, "gguf-chat.inferenceservice.yaml")), "the Kustomize layout replaces the single file");

        string isvcYaml = File.ReadAllText(Path.Combine(folder, "inferenceservice.yaml"));
        string runtimeYaml = File.ReadAllText(Path.Combine(folder, "servingruntime.yaml"));
        Assert.IsEmpty(isvcCrd.Validate(isvcYaml), isvcYaml);
        Assert.IsEmpty(runtimeCrd.Validate(runtimeYaml), runtimeYaml);

        var published = new PublishedImage(project);
        var isvc = (YamlMappingNode)OpenApiSchemaValidator.ParseDocument(isvcYaml);
        Assert.AreEqual("gguf-chat-runtime", PublishedImage.Scalar(isvc, "spec", "predictor", "model", "runtime"));
        var storage = Node(isvc, "spec", "predictor", "storageUris", 0);
        Assert.AreEqual($"oci+native://localhost/acme/gguf-chat:1.0.0@{published.Digest}", PublishedImage.Scalar(storage, "uri"));
        Assert.AreEqual("/mnt/models/base", PublishedImage.Scalar(storage, "mountPath"));

        var runtime = (YamlMappingNode)OpenApiSchemaValidator.ParseDocument(runtimeYaml);
        Assert.AreEqual("gguf-chat-runtime", PublishedImage.Scalar(runtime, "metadata", "name"));
        Assert.AreEqual("gguf", PublishedImage.Scalar(Node(runtime, "spec", "supportedModelFormats", 0), "name"));
        Assert.AreEqual("ghcr.io/acme/llama-server:b4000", PublishedImage.Scalar(Node(runtime, "spec", "containers", 0), "image"));

        var kustomization = (YamlMappingNode)OpenApiSchemaValidator.ParseDocument(File.ReadAllText(Path.Combine(folder, "kustomization.yaml")));
        CollectionAssert.AreEqual(new[] { "servingruntime.yaml", "inferenceservice.yaml" }, Strings(kustomization["resources"]));
    }

    [TestMethod]
    [DataRow("<KServeResource Include=\"cpu\" />", "", "MODELCAR068")]
    [DataRow("<KServeLabel Include=\"team\" Value=\"NLP team\" />", "", "MODELCAR067")]
    [DataRow("", "<KServeProgressDeadline>half an hour</KServeProgressDeadline>", "MODELCAR069")]
    [DataRow("", "<KServeScaleMetric>gpu</KServeScaleMetric>", "MODELCAR072")]
    [DataRow("", "<KServeStorageMountPath>models</KServeStorageMountPath>", "MODELCAR073")]
    [DataRow("", "<KServeManifestLayout>helm</KServeManifestLayout>", "MODELCAR075")]
    [DataRow("", "<KServeName>Granite_Chat</KServeName>", "MODELCAR060")]
    public void Publish_BadKServeInput_FailsWithItsCode_AndWritesNoManifest(string items, string properties, string code)
    {
        var project = new ModelProject("bad-input", $"""
                <ContainerRepository>acme/bad-input</ContainerRepository>
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <KServeModelFormat>sklearn</KServeModelFormat>
                <KServeStorageMode>oci+native</KServeStorageMode>
                {properties}
            """, items);
        project.AddRandomFile("model.joblib", 500);

        ProcessResult publish = project.Publish();
        Assert.AreNotEqual(0, publish.ExitCode, publish.Output);
        StringAssert.Contains(publish.Output, $"error {code}:");
        Assert.DoesNotContain("   at ", publish.Output, "no stack trace");
        Assert.IsFalse(File.Exists(Path.Combine(project.PublishDirectory, "bad-input.inferenceservice.yaml")));
    }
}
