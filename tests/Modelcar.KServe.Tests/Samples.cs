using Modelcar.Oci.Model;

namespace Modelcar.KServe.Tests;

/// <summary>Options the tests start from; each test changes only what it is about with a <c>with</c> expression.</summary>
internal static class Samples
{
    public const string DigestText = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static readonly ImageReference Image =
        ImageReference.Parse("quay.io/acme/granite-3.1-2b-instruct:1.2.0@" + DigestText);

    public static InferenceServiceOptions Minimal => new()
    {
        Name = "granite",
        ModelFormat = "vLLM",
        Image = Image,
    };

    public static InferenceServiceOptions Full => Minimal with
    {
        Namespace = "models",
        ModelFormatVersion = "1",
        Runtime = "kserve-vllmserver",
        ProtocolVersion = "v2",
        DeploymentMode = "Standard",
        Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "granite", ["team"] = "ml", ["yes"] = "true" },
        Annotations = new Dictionary<string, string> { ["example.com/owner"] = "ML team: inference", ["example.com/flag"] = "on" },
        Args = ["--max-model-len=4096", "--dtype", "1.0"],
        Env = [new("HF_HUB_OFFLINE", "1"), new("VLLM_USE_V1", "true"), new("EMPTY", "")],
        Resources = new ResourceRequirements
        {
            Requests = new Dictionary<string, string> { ["cpu"] = "2", ["memory"] = "16Gi", ["nvidia.com/gpu"] = "1" },
            Limits = new Dictionary<string, string> { ["cpu"] = "4", ["memory"] = "24Gi", ["nvidia.com/gpu"] = "1" },
        },
        MinReplicas = 1,
        MaxReplicas = 3,
        ServiceAccountName = "models-puller",
        ImagePullSecrets = ["quay-pull", "backup-pull"],
    };
}
