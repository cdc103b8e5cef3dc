using Modelcar.KServe.Llm;
using Modelcar.KServe.Scheduling;
using YamlDotNet.RepresentationModel;

namespace Modelcar.KServe.Tests;

/// <summary>
/// The LLMInferenceService and LocalModelCache the build writes, checked against KServe's own CRDs (../shared/kserve,
/// v1alpha2 and v1alpha1, unknown fields are errors) and for what they say.
/// </summary>
[TestClass]
public sealed class LlmInferenceServiceTests
{
    private const string LlmCrd = "serving.kserve.io_llminferenceservices.yaml";
    private const string CacheCrd = "serving.kserve.io_localmodelcaches.yaml";

    internal static readonly PodScheduling GpuScheduling = new()
    {
        NodeSelector = new Dictionary<string, string> { ["nvidia.com/gpu.present"] = "true" },
        Tolerations =
        [
            new Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule", null),
            new Toleration("dedicated", "Equal", "llm", "NoExecute", 300),
        ],
        NodeAffinity =
        [
            new NodeAffinityRule("nvidia.com/gpu.product", "In", ["NVIDIA-A100-SXM4-80GB", "NVIDIA-H100-80GB-HBM3"], null),
            new NodeAffinityRule("nvidia.com/gpu.memory", "Gt", ["40000"], null),
            new NodeAffinityRule("topology.kubernetes.io/zone", "In", ["eu-west-1a"], 50),
        ],
    };

    private static LlmInferenceServiceOptions Minimal => new() { Common = Samples.Minimal with { ModelFormat = "" } };

    private static LlmInferenceServiceOptions Full => new()
    {
        Common = Samples.Minimal with
        {
            Namespace = "models",
            Labels = new Dictionary<string, string> { ["team"] = "ml" },
            Annotations = new Dictionary<string, string> { ["example.com/owner"] = "ML team: inference" },
            Args = ["--max-model-len=8192", "--enable-prefix-caching"],
            Env = [new("VLLM_LOGGING_LEVEL", "INFO"), new("HF_HUB_OFFLINE", "1")],
            Resources = new ResourceRequirements
            {
                Requests = new Dictionary<string, string> { ["cpu"] = "4", ["memory"] = "32Gi" },
                Limits = new Dictionary<string, string> { ["nvidia.com/gpu"] = "1", ["memory"] = "48Gi" },
            },
            ServiceAccountName = "models-puller",
            ImagePullSecrets = ["quay-pull"],
            Scheduling = GpuScheduling,
        },
        ModelName = "ibm-granite/granite-3.1-2b-instruct",
        Replicas = 2,
    };

    public static IEnumerable<object[]> Matrix()
    {
        yield return ["minimal", Minimal];
        yield return ["full", Full];
        yield return ["native", Full with { Common = Full.Common with { Mode = OciMode.Native } }];
        yield return ["zero-replicas", Minimal with { Replicas = 0 }];
        yield return ["env-only", Minimal with { Common = Minimal.Common with { Env = [new("A", "on")] } }];
        yield return ["scheduling-only", Minimal with { Common = Minimal.Common with { Scheduling = GpuScheduling } }];
        yield return ["pull-secret-only", Minimal with { Common = Minimal.Common with { ImagePullSecrets = ["quay-pull"] } }];
    }

    private static YamlMappingNode Parse(string yaml) => (YamlMappingNode)OpenApiSchemaValidator.ParseDocument(yaml);

    private static string Scalar(YamlNode node, params object[] path)
    {
        foreach (object step in path) node = step is int i ? ((YamlSequenceNode)node)[i] : node[(string)step];
        return ((YamlScalarNode)node).Value!;
    }

    private static bool Has(YamlNode node, params string[] path)
    {
        foreach (string step in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(step, out var child)) return false;
            node = child;
        }
        return true;
    }

    [TestMethod]
    [DynamicData(nameof(Matrix))]
    public void Generated_IsValidAgainstTheV1alpha2Crd(string name, LlmInferenceServiceOptions options)
    {
        // versions[1] is v1alpha2, the served version the writer targets (asserted below).
        var validator = OpenApiSchemaValidator.FromCrd(KServeData.RequireFile(LlmCrd), version: 1);
        string yaml = LlmInferenceServiceWriter.Write(options);
        var errors = validator.Validate(yaml);
        Assert.IsEmpty(errors, $"{name}:\n{string.Join("\n", errors)}\n---\n{yaml}");
    }

    [TestMethod]
    [DataRow("    uri: ", "    url: ", ".spec.model.url")]
    [DataRow("  replicas: 2", "  replicas: \"2\"", ".spec.replicas")]
    [DataRow("      - name: main", "      - nme: main", ".spec.template.containers[0].nme")]
    [DataRow("        effect: NoSchedule", "        effects: NoSchedule", ".spec.template.tolerations[0].effects")]
    public void Validator_CatchesABrokenLlmInferenceService(string find, string replace, string expectedPath)
    {
        var validator = OpenApiSchemaValidator.FromCrd(KServeData.RequireFile(LlmCrd), version: 1);
        string yaml = LlmInferenceServiceWriter.Write(Full);
        Assert.Contains(find, yaml, "the sample no longer contains the text this test breaks");
        int at = yaml.IndexOf(find, StringComparison.Ordinal);
        string broken = yaml[..at] + replace + yaml[(at + find.Length)..];
        var errors = validator.Validate(broken);
        Assert.IsTrue(errors.Any(e => e.StartsWith(expectedPath + ":", StringComparison.Ordinal)),
            $"expected an error at {expectedPath}, got:\n{string.Join("\n", errors)}\n---\n{broken}");
    }

    [TestMethod]
    public void Generated_MatchesTheCrdsGroupVersionAndKind()
    {
        var crd = new YamlStream();
        using (var reader = File.OpenText(KServeData.RequireFile(LlmCrd))) crd.Load(reader);
        var spec = crd.Documents[0].RootNode["spec"];
        string version = ((YamlScalarNode)((YamlSequenceNode)spec["versions"])[1]["name"]).Value!;
        var doc = Parse(LlmInferenceServiceWriter.Write(Minimal));
        Assert.AreEqual($"{((YamlScalarNode)spec["group"]).Value}/{version}", Scalar(doc, "apiVersion"));
        Assert.AreEqual(((YamlScalarNode)spec["names"]["kind"]).Value, Scalar(doc, "kind"));
    }

    [TestMethod]
    public void Minimal_SaysOnlyTheModel_PinnedByDigest()
    {
        var doc = Parse(LlmInferenceServiceWriter.Write(Minimal));
        Assert.AreEqual("oci://quay.io/acme/granite-3.1-2b-instruct:1.2.0@" + Samples.DigestText, Scalar(doc, "spec", "model", "uri"));
        Assert.AreEqual("acme/granite-3.1-2b-instruct", Scalar(doc, "spec", "model", "name"), "the default model name is the repository");
        var spec = (YamlMappingNode)doc["spec"];
        CollectionAssert.AreEqual(new[] { "model" }, spec.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToArray(), "nothing the user did not ask for");
        Assert.IsFalse(Has(doc, "metadata", "annotations"));
    }

    [TestMethod]
    public void Full_PutsArgsEnvAndResourcesOnTheMainContainer_AndSchedulingOnThePod()
    {
        var doc = Parse(LlmInferenceServiceWriter.Write(Full));
        Assert.AreEqual("ibm-granite/granite-3.1-2b-instruct", Scalar(doc, "spec", "model", "name"));
        Assert.AreEqual("2", Scalar(doc, "spec", "replicas"));
        Assert.AreEqual("main", Scalar(doc, "spec", "template", "containers", 0, "name"));
        Assert.AreEqual("--enable-prefix-caching", Scalar(doc, "spec", "template", "containers", 0, "args", 1));
        Assert.AreEqual("HF_HUB_OFFLINE", Scalar(doc, "spec", "template", "containers", 0, "env", 1, "name"));
        Assert.AreEqual("1", Scalar(doc, "spec", "template", "containers", 0, "resources", "limits", "nvidia.com/gpu"));
        Assert.AreEqual("models-puller", Scalar(doc, "spec", "template", "serviceAccountName"));
        Assert.AreEqual("quay-pull", Scalar(doc, "spec", "template", "imagePullSecrets", 0, "name"));
        Assert.AreEqual("true", Scalar(doc, "spec", "template", "nodeSelector", "nvidia.com/gpu.present"));
        Assert.AreEqual("nvidia.com/gpu", Scalar(doc, "spec", "template", "tolerations", 0, "key"));
        Assert.AreEqual("300", Scalar(doc, "spec", "template", "tolerations", 1, "tolerationSeconds"));
        Assert.AreEqual("Gt", Scalar(doc, "spec", "template", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms", 0, "matchExpressions", 1, "operator"));
        Assert.AreEqual("50", Scalar(doc, "spec", "template", "affinity", "nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution", 0, "weight"));
        Assert.AreEqual("models", Scalar(doc, "metadata", "namespace"));
    }

    [TestMethod]
    public void TheExampleInDocsKserveMd_IsWhatTheWriterWrites()
    {
        // docs/kserve.md#llminferenceservice shows this project's output; keep the two in step.
        var options = new LlmInferenceServiceOptions
        {
            Common = Samples.Minimal with
            {
                Name = "granite-8b",
                Namespace = "models",
                ModelFormat = "",
                Image = Oci.Model.ImageReference.Parse("quay.io/acme/granite-3.1-8b-instruct:1.0.0@" + Samples.DigestText),
                Args = ["--max-model-len=8192"],
                Env = [new("VLLM_LOGGING_LEVEL", "INFO")],
                Resources = new ResourceRequirements
                {
                    Requests = new Dictionary<string, string> { ["memory"] = "32Gi" },
                    Limits = new Dictionary<string, string> { ["nvidia.com/gpu"] = "1", ["memory"] = "48Gi" },
                },
                Scheduling = new PodScheduling { Tolerations = [new Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule", null)] },
            },
            ModelName = "ibm-granite/granite-3.1-8b-instruct",
            Replicas = 2,
        };
        string expected = """
            apiVersion: serving.kserve.io/v1alpha2
            kind: LLMInferenceService
            metadata:
              name: granite-8b
              namespace: models
            spec:
              model:
                uri: "oci://quay.io/acme/granite-3.1-8b-instruct:1.0.0@DIGEST"
                name: ibm-granite/granite-3.1-8b-instruct
              replicas: 2
              template:
                tolerations:
                  - key: nvidia.com/gpu
                    operator: Exists
                    effect: NoSchedule
                containers:
                  - name: main
                    args:
                      - "--max-model-len=8192"
                    env:
                      - name: VLLM_LOGGING_LEVEL
                        value: INFO
                    resources:
                      limits:
                        memory: "48Gi"
                        nvidia.com/gpu: "1"
                      requests:
                        memory: "32Gi"

            """.Replace("DIGEST", Samples.DigestText);
        string written = LlmInferenceServiceWriter.Write(options);
        Assert.AreEqual(expected, written[(written.IndexOf('\n') + 1)..], "the header comment aside");
    }

    [TestMethod]
    public void NativeMode_WritesTheOciNativeUri() =>
        Assert.StartsWith("oci+native://quay.io/acme/", Scalar(Parse(LlmInferenceServiceWriter.Write(Full with { Common = Full.Common with { Mode = OciMode.Native } })), "spec", "model", "uri"));

    [TestMethod]
    [DataRow("Runtime", "KServeRuntime")]
    [DataRow("MinReplicas", "KServeMinReplicas")]
    [DataRow("DeploymentMode", "KServeDeploymentMode")]
    [DataRow("StorageMountPath", "KServeStorageMountPath")]
    [DataRow("ScaleMetric", "KServeScaleMetric")]
    public void AnInferenceServiceOnlySetting_Is077_NamingTheProperty(string field, string property)
    {
        var common = field switch
        {
            "Runtime" => Minimal.Common with { Runtime = "kserve-vllmserver" },
            "MinReplicas" => Minimal.Common with { MinReplicas = 1 },
            "DeploymentMode" => Minimal.Common with { DeploymentMode = "Knative" },
            "StorageMountPath" => Minimal.Common with { StorageMountPath = "/mnt/models" },
            _ => Minimal.Common with { ScaleMetric = "cpu" },
        };
        var error = Assert.ThrowsExactly<ModelcarException>(() => LlmInferenceServiceWriter.Write(Minimal with { Common = common }));
        Assert.AreEqual(ErrorCodes.InvalidLlmInferenceService, error.Code);
        Assert.Contains(property, error.Message);
    }

    [TestMethod]
    [DataRow("my model")]
    [DataRow("evil\"$(id)")]
    [DataRow("a`b")]
    public void AModelNameTheVllmCommandLineCannotCarry_Is077(string modelName)
    {
        var error = Assert.ThrowsExactly<ModelcarException>(() => LlmInferenceServiceWriter.Write(Minimal with { ModelName = modelName }));
        Assert.AreEqual(ErrorCodes.InvalidLlmInferenceService, error.Code);
        Assert.Contains(modelName, error.Message);
    }

    [TestMethod]
    public void NegativeReplicas_Is077() =>
        Assert.AreEqual(ErrorCodes.InvalidLlmInferenceService,
            Assert.ThrowsExactly<ModelcarException>(() => LlmInferenceServiceWriter.Write(Minimal with { Replicas = -1 })).Code);

    [TestMethod]
    public void TheInferenceServiceRules_StillApply() =>
        Assert.AreEqual(ErrorCodes.InvalidResourceQuantity, Assert.ThrowsExactly<ModelcarException>(() => LlmInferenceServiceWriter.Write(Minimal with
        {
            Common = Minimal.Common with { Resources = new ResourceRequirements { Limits = new Dictionary<string, string> { ["nvidia.com/gpu"] = "0.5" } } },
        })).Code);

    private static LocalModelCacheOptions Cache => new()
    {
        Name = "granite",
        SourceModelUri = "oci://quay.io/acme/granite-3.1-2b-instruct:1.2.0@" + Samples.DigestText,
        ModelSizeBytes = 5L * 1024 * 1024 * 1024 + 1,
        NodeGroups = ["gpu-a100", "gpu-h100"],
        Labels = new Dictionary<string, string> { ["team"] = "ml" },
    };

    [TestMethod]
    public void LocalModelCache_IsValidAgainstItsCrd_AndRoundsTheSizeUp()
    {
        var validator = OpenApiSchemaValidator.FromCrd(KServeData.RequireFile(CacheCrd));
        foreach (var options in new[] { Cache, Cache with { ModelSizeBytes = 300 * 1024 * 1024, NodeGroups = ["gpu"], Labels = new Dictionary<string, string>() } })
        {
            string yaml = LocalModelCacheWriter.Write(options);
            var errors = validator.Validate(yaml);
            Assert.IsEmpty(errors, $"{string.Join("\n", errors)}\n---\n{yaml}");
        }
        var doc = Parse(LocalModelCacheWriter.Write(Cache));
        Assert.AreEqual("6Gi", Scalar(doc, "spec", "modelSize"), "5 GiB and a byte must not be written as 5Gi");
        Assert.AreEqual("gpu-h100", Scalar(doc, "spec", "nodeGroups", 1));
        Assert.AreEqual(Cache.SourceModelUri, Scalar(doc, "spec", "sourceModelUri"));
        Assert.IsFalse(Has(doc, "metadata", "namespace"), "LocalModelCache is cluster-scoped");
        Assert.AreEqual("300Mi", LocalModelCacheWriter.FormatSize(300 * 1024 * 1024));
        Assert.AreEqual("1Mi", LocalModelCacheWriter.FormatSize(1));
    }

    [TestMethod]
    public void LocalModelCache_WithoutNodeGroups_Is077_SayingWhichPropertyToSet()
    {
        var error = Assert.ThrowsExactly<ModelcarException>(() => LocalModelCacheWriter.Write(Cache with { NodeGroups = [] }));
        Assert.AreEqual(ErrorCodes.InvalidLlmInferenceService, error.Code);
        Assert.Contains("KServeLocalModelNodeGroups", error.Message);
    }

    [TestMethod]
    [DataRow("GPU_A100")]
    [DataRow("gpu-a100;x")]
    public void LocalModelCache_WithABadNodeGroup_Is077(string group) =>
        Assert.AreEqual(ErrorCodes.InvalidLlmInferenceService,
            Assert.ThrowsExactly<ModelcarException>(() => LocalModelCacheWriter.Write(Cache with { NodeGroups = [group] })).Code);

    [TestMethod]
    public void LocalModelCacheSupport_OnlyLlmInferenceServiceWithOci()
    {
        Assert.IsNull(LocalModelCacheSupport.WhyUnsupported(ManifestKind.LLMInferenceService, OciMode.Modelcar));
        Assert.Contains("oci+native", LocalModelCacheSupport.WhyUnsupported(ManifestKind.LLMInferenceService, OciMode.Native)!);
        Assert.Contains("InferenceService", LocalModelCacheSupport.WhyUnsupported(ManifestKind.InferenceService, OciMode.Modelcar)!);
        Assert.IsNotNull(LocalModelCacheSupport.WhyUnsupported(ManifestKind.InferenceService, OciMode.Native));
    }

    [TestMethod]
    public void Kustomize_ListsCacheBeforeTheWorkload_AndEveryFileIsValid()
    {
        var objects = new KServeObjects { InferenceService = Full.Common, LlmInferenceService = Full, LocalModelCache = Cache };
        var files = KServeManifests.Render(objects, ManifestLayout.Kustomize, "unused.yaml");
        CollectionAssert.AreEqual(new[] { "localmodelcache.yaml", "llminferenceservice.yaml", "kustomization.yaml" }, files.Select(f => f.FileName).ToArray());
        CollectionAssert.AreEqual(new[] { "LocalModelCache", "LLMInferenceService", "Kustomization" }, files.Select(f => f.Kind).ToArray());
        var kustomization = Parse(files[2].Content);
        Assert.AreEqual("localmodelcache.yaml", Scalar(kustomization, "resources", 0));
        Assert.AreEqual("llminferenceservice.yaml", Scalar(kustomization, "resources", 1));
        Assert.IsEmpty(OpenApiSchemaValidator.FromCrd(KServeData.RequireFile(CacheCrd)).Validate(files[0].Content));
        Assert.IsEmpty(OpenApiSchemaValidator.FromCrd(KServeData.RequireFile(LlmCrd), version: 1).Validate(files[1].Content));
    }

    [TestMethod]
    public void Single_HoldsTheCacheThenTheWorkload_EachValid()
    {
        var objects = new KServeObjects { InferenceService = Full.Common, LlmInferenceService = Full, LocalModelCache = Cache };
        var file = KServeManifests.Render(objects, ManifestLayout.Single, "granite.llminferenceservice.yaml").Single();
        Assert.AreEqual("LLMInferenceService", file.Kind);
        var stream = new YamlStream();
        stream.Load(new StringReader(file.Content));
        Assert.HasCount(2, stream.Documents);
        Assert.AreEqual("LocalModelCache", Scalar(stream.Documents[0].RootNode, "kind"));
        Assert.AreEqual("LLMInferenceService", Scalar(stream.Documents[1].RootNode, "kind"));
        Assert.IsEmpty(OpenApiSchemaValidator.FromCrd(KServeData.RequireFile(CacheCrd)).Validate(stream.Documents[0].RootNode));
        Assert.IsEmpty(OpenApiSchemaValidator.FromCrd(KServeData.RequireFile(LlmCrd), version: 1).Validate(stream.Documents[1].RootNode));
    }

    [TestMethod]
    public void KServeManifestKind_ParsesBothKinds_AnyCase_And077Otherwise()
    {
        Assert.AreEqual(ManifestKind.InferenceService, ManifestKinds.Parse(null));
        Assert.AreEqual(ManifestKind.InferenceService, ManifestKinds.Parse("inferenceservice"));
        Assert.AreEqual(ManifestKind.LLMInferenceService, ManifestKinds.Parse(" LLMInferenceService "));
        var error = Assert.ThrowsExactly<ModelcarException>(() => ManifestKinds.Parse("LLMISVC"));
        Assert.AreEqual(ErrorCodes.InvalidLlmInferenceService, error.Code);
        Assert.Contains("'LLMISVC'", error.Message);
    }
}
