using System.Reflection;

namespace Modelcar.KServe.Tests;

/// <summary>
/// The admission controllers' CRDs the image-signature policies are validated against, read from
/// ../shared/admission-crds (or $MODELCAR_ADMISSION_CRDS): Kyverno's ClusterPolicy CRD
/// (kyverno/kyverno config/crds/kyverno/kyverno.io_clusterpolicies.yaml, commit 111e07bb, v1 at index 0) and
/// sigstore policy-controller's ClusterImagePolicy CRD (sigstore/policy-controller config/300-clusterimagepolicy.yaml,
/// commit f925c0c1, v1beta1 at index 1). They are third-party data and live beside the repository like ../shared/kserve.
/// </summary>
internal static class AdmissionCrds
{
    public const string KyvernoClusterPolicy = "kyverno.io_clusterpolicies.yaml";
    public const string PolicyControllerClusterImagePolicy = "300-clusterimagepolicy.yaml";

    public static string RequireFile(string name)
    {
        string? directory = Environment.GetEnvironmentVariable("MODELCAR_ADMISSION_CRDS") is { Length: > 0 } configured ? configured : SharedFolder();
        string? path = directory is null ? null : Path.Combine(directory, name);
        if (path is null || !File.Exists(path))
        {
            Assert.Inconclusive($"The admission CRD {name} is not in ../shared/admission-crds (or $MODELCAR_ADMISSION_CRDS); " +
                                "this test needs Kyverno's and policy-controller's CRDs (see AdmissionCrds for where they come from).");
        }
        return path!;
    }

    private static string? SharedFolder()
    {
        string? root = typeof(AdmissionCrds).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Modelcar.RepositoryRoot")?.Value;
        return root is null ? null : Path.GetFullPath(Path.Combine(root, "..", "shared", "admission-crds"));
    }
}
