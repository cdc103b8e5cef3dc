using YamlDotNet.RepresentationModel;

namespace Modelcar.KServe.Tests;

/// <summary>
/// Every shape of manifest the writer produces is checked against KServe's own InferenceService CRD
/// (../shared/kserve, v0.20): what the API server would prune, reject or mistype shows up here, not on a cluster.
/// </summary>
[TestClass]
public sealed class CrdSchemaTests
{
    private const string CrdFile = "serving.kserve.io_inferenceservices.yaml";
    private static readonly object Gate = new();
    private static OpenApiSchemaValidator? _validator;

    // The CRD is 2 MB of YAML: parse it once for the class.
    private static OpenApiSchemaValidator Validator()
    {
        string path = KServeData.RequireFile(CrdFile);
        lock (Gate) return _validator ??= OpenApiSchemaValidator.FromCrd(path);
    }

    public static IEnumerable<object[]> Matrix()
    {
        var m = Samples.Minimal;
        yield return ["minimal", m];
        yield return ["metadata", m with
        {
            Namespace = "models",
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "granite", ["on"] = "yes" },
            Annotations = new Dictionary<string, string> { ["example.com/note"] = "a: b # c", ["example.com/n"] = "1" },
            DeploymentMode = "Knative",
        }];
        yield return ["resources", m with
        {
            Resources = new ResourceRequirements
            {
                Requests = new Dictionary<string, string> { ["cpu"] = "500m", ["memory"] = "8Gi", ["nvidia.com/gpu"] = "1" },
                Limits = new Dictionary<string, string> { ["cpu"] = "2", ["memory"] = "16Gi", ["nvidia.com/gpu"] = "1", ["ephemeral-storage"] = "1e9" },
            },
        }];
        yield return ["args-env", m with
        {
            Args = ["--max-model-len=8192", "true", "1", "--", "x: y"],
            Env = [new("HF_HUB_OFFLINE", "1"), new("FLAG", "on"), new("EMPTY", "")],
        }];
        yield return ["replicas", m with { MinReplicas = 0, MaxReplicas = 5 }];
        yield return ["native", m with { Mode = OciMode.Native, ModelFormatVersion = "1", Runtime = "kserve-vllmserver", ProtocolVersion = "v1" }];
        yield return ["pod", m with { ServiceAccountName = "puller", ImagePullSecrets = ["quay-pull"], DeploymentMode = "Standard" }];
        yield return ["full", Samples.Full];
        yield return ["scaling", m with { ScaleMetric = "rps", ScaleTarget = 50, MinReplicas = 1, MaxReplicas = 4 }];
        yield return ["knative-deadline", m with { DeploymentMode = "Knative", ImageSizeBytes = 15_000_000_000 }];
        yield return ["explicit-deadline", m with { DeploymentMode = "Knative", ProgressDeadline = TimeSpan.FromMinutes(90) }];
        yield return ["storage-uris", m with { StorageMountPath = "/mnt/models" }];
        yield return ["storage-uris-native", m with { Mode = OciMode.Native, StorageMountPath = "/mnt/models/base" }];
        yield return ["latest", m with { Image = Oci.Model.ImageReference.Parse("quay.io/acme/granite:latest@" + Samples.DigestText), PublishedTags = ["latest", "1.0.0"] }];
        yield return ["custom-runtime", m with { ModelFormat = "granite-gguf", Runtime = "granite-runtime" }];
        yield return ["gpu-scheduling", Samples.Full with { Scheduling = LlmInferenceServiceTests.GpuScheduling }];

        // Every combination of the choices that change the document's shape, on top of the full sample.
        foreach (var mode in new[] { OciMode.Modelcar, OciMode.Native })
        foreach (var mountPath in new[] { null, "/mnt/models" })
        foreach (var deployment in new[] { null, "Standard", "Knative", "RawDeployment", "Serverless" })
        foreach (var metric in new[] { null, "cpu", "concurrency" })
        {
            yield return [$"combo-{mode}-{mountPath ?? "uri"}-{deployment ?? "default"}-{metric ?? "nometric"}", Samples.Full with
            {
                Mode = mode,
                StorageMountPath = mountPath,
                DeploymentMode = deployment,
                ScaleMetric = metric,
                ScaleTarget = metric is null ? null : 70,
                ImageSizeBytes = 20_000_000_000,
            }];
        }
    }

    [TestMethod]
    [DynamicData(nameof(Matrix))]
    public void GeneratedManifest_IsValidAgainstTheCrd(string name, InferenceServiceOptions options)
    {
        var validator = Validator();
        string yaml = InferenceServiceWriter.Write(options);
        InferenceServiceValidator.Validate(options);
        var errors = validator.Validate(yaml);
        Assert.IsEmpty(errors, $"{name}:\n{string.Join("\n", errors)}\n---\n{yaml}");
    }

    [TestMethod]
    public void GeneratedManifest_MatchesTheCrdsGroupVersionAndKind()
    {
        var crd = new YamlStream();
        using (var reader = File.OpenText(KServeData.RequireFile(CrdFile))) crd.Load(reader);
        var spec = crd.Documents[0].RootNode["spec"];
        string group = ((YamlScalarNode)spec["group"]).Value!;
        string version = ((YamlScalarNode)((YamlSequenceNode)spec["versions"])[0]["name"]).Value!;
        string kind = ((YamlScalarNode)spec["names"]["kind"]).Value!;

        var doc = OpenApiSchemaValidator.ParseDocument(InferenceServiceWriter.Write(Samples.Minimal));
        Assert.AreEqual($"{group}/{version}", ((YamlScalarNode)doc["apiVersion"]).Value);
        Assert.AreEqual(kind, ((YamlScalarNode)doc["kind"]).Value);
    }

    [TestMethod]
    [DataRow("minReplicas: 1", "minReplicas: \"two\"", ".spec.predictor.minReplicas")]
    [DataRow("minReplicas: 1", "minReplicas: 1.5", ".spec.predictor.minReplicas")]
    [DataRow("minReplicas: 1", "minReplicas: 4294967296", ".spec.predictor.minReplicas")]
    [DataRow("runtime: kserve-vllmserver", "runtime: kserve-vllmserver\n      modelFromat: x", ".spec.predictor.model.modelFromat")]
    [DataRow("runtime: kserve-vllmserver", "runtime: 3", ".spec.predictor.model.runtime")]
    [DataRow("runtime: kserve-vllmserver", "runtime: yes", ".spec.predictor.model.runtime")]
    [DataRow("model:", "replicas: 2\n    model:", ".spec.predictor.replicas")]
    [DataRow("name: vLLM", "nam: vLLM", ".spec.predictor.model.modelFormat.name")]
    [DataRow("cpu: \"4\"", "cpu: 4 cores", ".spec.predictor.model.resources.limits.cpu")]
    [DataRow("cpu: \"4\"", "cpu: true", ".spec.predictor.model.resources.limits.cpu")]
    [DataRow("- name: quay-pull", "- quay-pull", ".spec.predictor.imagePullSecrets[0]")]
    [DataRow("name: granite", "name: granite\n  nmespace: x", ".metadata.nmespace")]
    [DataRow("team: ml", "team: 1", ".metadata.labels.team")]
    [DataRow("value: \"1\"", "value: 1", ".spec.predictor.model.env[0].value")]
    [DataRow("version: \"1\"", "version: 1", ".spec.predictor.model.modelFormat.version")]
    [DataRow("  predictor:", "  predictr:", ".spec.predictr")]
    public void Validator_CatchesABrokenManifest(string find, string replace, string expectedPath)
    {
        var validator = Validator();
        string yaml = InferenceServiceWriter.Write(Samples.Full);
        Assert.Contains(find, yaml, "the sample no longer contains the text this test breaks");
        int at = yaml.IndexOf(find, StringComparison.Ordinal);
        string broken = yaml[..at] + replace + yaml[(at + find.Length)..];
        var errors = validator.Validate(broken);
        Assert.IsTrue(errors.Any(e => e.StartsWith(expectedPath + ":", StringComparison.Ordinal)),
            $"expected an error at {expectedPath}, got:\n{string.Join("\n", errors)}\n---\n{broken}");
    }
}
