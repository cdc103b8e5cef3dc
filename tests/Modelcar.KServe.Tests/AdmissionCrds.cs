using System.Reflection;

namespace Modelcar.KServe.Tests;

/// <summary>
/// The admission controllers' CRDs the image-signature policies are validated against, vendored for the tests in
/// tests/Modelcar.KServe.Tests/AdmissionCrds (or read from $MODELCAR_ADMISSION_CRDS): Kyverno's ClusterPolicy CRD
/// (kyverno/kyverno config/crds/kyverno/kyverno.io_clusterpolicies.yaml, commit 111e07bb, v1 at index 0) and
/// sigstore policy-controller's ClusterImagePolicy CRD (sigstore/policy-controller config/300-clusterimagepolicy.yaml,
/// commit f925c0c1, v1beta1 at index 1). Their README says where each comes from.
/// </summary>
internal static class AdmissionCrds
{
    public const string KyvernoClusterPolicy = "kyverno.io_clusterpolicies.yaml";
    public const string PolicyControllerClusterImagePolicy = "300-clusterimagepolicy.yaml";

    public static string RequireFile(string name)
    {
        string? directory = Environment.GetEnvironmentVariable("MODELCAR_ADMISSION_CRDS") is { Length: > 0 } configured ? configured : VendoredFolder();
        string? path = directory is null ? null : Path.Combine(directory, name);
        if (path is null || !File.Exists(path))
        {
            Assert.Fail($"The admission CRD {name} is not in {directory ?? "tests/Modelcar.KServe.Tests/AdmissionCrds"} " +
                        "($MODELCAR_ADMISSION_CRDS overrides the folder); it is part of the repository's test data.");
        }
        return path!;
    }

    private static string? VendoredFolder()
    {
        string? root = typeof(AdmissionCrds).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Modelcar.RepositoryRoot")?.Value;
        return root is null ? null : Path.Combine(root, "tests", "Modelcar.KServe.Tests", "AdmissionCrds");
    }
}
