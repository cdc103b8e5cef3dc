using YamlDotNet.RepresentationModel;

namespace Modelcar.KServe.Tests;

/// <summary>
/// The admission policies written beside the InferenceService validate against Kyverno's and policy-controller's own
/// CRD schemas (not against what we think they accept), and say who must have signed which repository.
/// </summary>
[TestClass]
public sealed class ImageSignaturePolicyTests
{
    private const string PublicKey = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexample\n-----END PUBLIC KEY-----\n";
    private static readonly ImageSignaturePolicyOptions Keyed = new("granite-signed", "registry.example.com/models/granite", PublicKey, null, null);
    private static readonly ImageSignaturePolicyOptions Keyless = new("granite-signed", "registry.example.com/models/granite", null,
        "https://github.com/acme/models/.github/workflows/publish.yml@refs/heads/main", "https://token.actions.githubusercontent.com")
    {
        FulcioUrl = "https://fulcio.sigstore.dev",
        RekorUrl = "https://rekor.sigstore.dev",
    };

    private static OpenApiSchemaValidator Validator(ImagePolicyKind kind) => kind == ImagePolicyKind.Kyverno
        ? OpenApiSchemaValidator.FromCrd(AdmissionCrds.RequireFile(AdmissionCrds.KyvernoClusterPolicy), version: 0)
        : OpenApiSchemaValidator.FromCrd(AdmissionCrds.RequireFile(AdmissionCrds.PolicyControllerClusterImagePolicy), version: 1);

    public static IEnumerable<object[]> Cases() =>
    [
        [ImagePolicyKind.Kyverno, "keyed"],
        [ImagePolicyKind.Kyverno, "keyless"],
        [ImagePolicyKind.PolicyController, "keyed"],
        [ImagePolicyKind.PolicyController, "keyless"],
    ];

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void PolicyValidatesAgainstTheControllersCrd(ImagePolicyKind kind, string signer)
    {
        string yaml = ImageSignaturePolicy.Write(kind, signer == "keyed" ? Keyed : Keyless);
        var root = (YamlMappingNode)OpenApiSchemaValidator.ParseDocument(yaml);
        Assert.AreEqual(kind == ImagePolicyKind.Kyverno ? "ClusterPolicy" : "ClusterImagePolicy", ((YamlScalarNode)root["kind"]).Value);
        Assert.AreEqual(kind == ImagePolicyKind.Kyverno ? "kyverno.io/v1" : "policy.sigstore.dev/v1beta1", ((YamlScalarNode)root["apiVersion"]).Value);
        if (kind == ImagePolicyKind.PolicyController)
        {
            // policy-controller's schema leaves the object's own apiVersion, kind and metadata (which every object
            // has) undeclared; they are checked above, the rest against the schema.
            foreach (string key in new[] { "apiVersion", "kind", "metadata" }) root.Children.Remove(new YamlScalarNode(key));
        }
        var errors = Validator(kind).Validate(root);
        Assert.AreEqual(0, errors.Count, string.Join("\n", errors) + "\n" + yaml);
        StringAssert.Contains(yaml, "registry.example.com/models/granite*");
        if (signer == "keyed") StringAssert.Contains(yaml, "BEGIN PUBLIC KEY");
        else
        {
            StringAssert.Contains(yaml, Keyless.Identity!);
            StringAssert.Contains(yaml, Keyless.Issuer!);
        }
    }

    [TestMethod]
    public void TheSchemaCheckCatchesAFieldTheControllerDoesNotKnow()
    {
        // The validator is not a rubber stamp: a misspelt type is rejected by Kyverno's enum.
        string yaml = ImageSignaturePolicy.Write(ImagePolicyKind.Kyverno, Keyless).Replace("type: SigstoreBundle", "type: SigstoreBundles");
        Assert.AreNotEqual(0, Validator(ImagePolicyKind.Kyverno).Validate(yaml).Count);
    }

    [TestMethod]
    public void AnUnknownKindOrAnUnsignedImageIsMODELCAR095()
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() => ImageSignaturePolicy.ParseKind("gatekeeper"));
        Assert.AreEqual(ErrorCodes.InvalidSigningInput, e.Code);
        e = Assert.ThrowsExactly<ModelcarException>(() => ImageSignaturePolicy.Write(ImagePolicyKind.Kyverno, Keyed with { PublicKeyPem = null }));
        Assert.AreEqual(ErrorCodes.InvalidSigningInput, e.Code);
    }
}
