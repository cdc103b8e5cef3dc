using System.Text;
using System.Text.Json.Nodes;
using Json.Schema;
using Modelcar.Attestations.ModelPack;
using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;

namespace Modelcar.Attestations.Tests;

/// <summary>The statements' and the ModelPack config's content, from a made-up published image (no registry).</summary>
[TestClass]
public sealed class StatementTests
{
    private static Digest Sha(string text) => Digest.ComputeSha256(Encoding.UTF8.GetBytes(text));

    private static PublishedModelcar Image(params LayerFile[] files) => new(
        new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Sha("manifest"), Size = 1234 },
        [new PublishedModelLayer(new Descriptor { MediaType = MediaTypes.OciLayer, Digest = Sha("layer"), Size = 4096 }, Sha("layer"), files, Inherited: false)]);

    private static AttestationInputs Inputs(PublishedModelcar image, BuilderIdentity? builder = null) => Publishing.Inputs(image) with
    {
        BaseImage = new BaseImageInput("docker.io/library/busybox:1.37.0", Sha("base")),
        Sources = [new SourceInput("hf://acme/model:main", new string('a', 40)), new SourceInput("s3://bucket/model", "v3")],
        Builder = builder ?? new BuilderIdentity(BuilderIdentity.LocalBuilderId, null),
    };

    [TestMethod]
    public void GitHubActions_BuilderId_IsTheWorkflowAtItsRef()
    {
        var env = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_REPOSITORY"] = "acme/models",
            ["GITHUB_WORKFLOW_REF"] = "acme/models/.github/workflows/publish.yml@refs/heads/main",
            ["GITHUB_RUN_ID"] = "42",
            ["GITHUB_RUN_ATTEMPT"] = "2",
        };
        BuilderIdentity id = BuilderIdentity.FromEnvironment(n => env.GetValueOrDefault(n));
        Assert.AreEqual("https://github.com/acme/models/.github/workflows/publish.yml@refs/heads/main", id.Id);
        Assert.AreEqual("https://github.com/acme/models/actions/runs/42/attempts/2", id.InvocationId);
    }

    [TestMethod]
    public void AzurePipelines_BuilderId_IsThePipelineDefinition()
    {
        var env = new Dictionary<string, string>
        {
            ["TF_BUILD"] = "True",
            ["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/acme/",
            ["SYSTEM_TEAMPROJECT"] = "Model Zoo",
            ["SYSTEM_DEFINITIONID"] = "7",
            ["BUILD_BUILDID"] = "1001",
        };
        BuilderIdentity id = BuilderIdentity.FromEnvironment(n => env.GetValueOrDefault(n));
        Assert.AreEqual("https://dev.azure.com/acme/Model%20Zoo/_build?definitionId=7", id.Id);
        Assert.AreEqual("https://dev.azure.com/acme/Model%20Zoo/_build/results?buildId=1001", id.InvocationId);
    }

    [TestMethod]
    public void OutsideCi_BuilderId_IsTheFixedLocalOne()
    {
        Assert.AreEqual(BuilderIdentity.LocalBuilderId, BuilderIdentity.FromEnvironment(_ => null).Id);
        Assert.AreEqual(BuilderIdentity.LocalBuilderId, BuilderIdentity.FromEnvironment(n => n == "GITHUB_ACTIONS" ? "true" : null).Id, "GitHub without a workflow ref names no workflow");
    }

    [TestMethod]
    public void Provenance_HasTheSlsaV1Shape_AndIsCanonicalJson()
    {
        var image = Image(new LayerFile("model.safetensors", 10, Sha("w")));
        InTotoStatement statement = SlsaProvenance.Build(Inputs(image));

        string text = Encoding.UTF8.GetString(statement.Json);
        Assert.DoesNotContain("\n", text);
        Assert.DoesNotContain(" ", text.Replace("model source", "").Replace("base image", ""));
        JsonNode json = JsonNode.Parse(statement.Json)!;
        CollectionAssert.AreEqual(new[] { "_type", "predicate", "predicateType", "subject" }, json.AsObject().Select(p => p.Key).ToArray(), "keys sorted");
        Assert.AreEqual("https://in-toto.io/Statement/v1", (string?)json["_type"]);
        Assert.AreEqual("https://slsa.dev/provenance/v1", (string?)json["predicateType"]);
        Assert.AreEqual(image.Subject.Digest.Encoded, (string?)json["subject"]![0]!["digest"]!["sha256"]);
        Assert.AreEqual("127.0.0.1/acme/model", (string?)json["subject"]![0]!["name"]);
        JsonNode definition = json["predicate"]!["buildDefinition"]!;
        Assert.AreEqual("models/model.modelproj", (string?)definition["externalParameters"]!["project"]);
        JsonArray dependencies = definition["resolvedDependencies"]!.AsArray();
        Assert.AreEqual(Sha("base").Encoded, (string?)dependencies[0]!["digest"]!["sha256"]);
        Assert.AreEqual(new string('a', 40), (string?)dependencies[1]!["digest"]!["gitCommit"]);
        Assert.AreEqual("v3", (string?)dependencies[2]!["annotations"]!["revision"]);
        Assert.IsNull(dependencies[2]!["digest"], "an object version is not a git commit");
        Assert.AreEqual("1.2.3", (string?)json["predicate"]!["runDetails"]!["builder"]!["version"]!["Modelcar.Sdk"]);
        CollectionAssert.AreEqual(statement.Json, SlsaProvenance.Build(Inputs(image)).Json, "the same inputs give the same bytes");
    }

    [TestMethod]
    public void ModelSigningManifest_SortsAsModelSigningDoes_PartByPart()
    {
        // '-' sorts before '/' as characters, but model_signing compares paths part by part: "a/b" < "a-b/c".
        var image = Image(new LayerFile("a-b/c", 1, Sha("1")), new LayerFile("a/b", 1, Sha("2")), new LayerFile("B", 1, Sha("3")));
        JsonNode json = JsonNode.Parse(ModelSigningManifest.Build("m", image.Files).Json)!;
        CollectionAssert.AreEqual(new[] { "B", "a/b", "a-b/c" }, json["predicate"]!["resources"]!.AsArray().Select(r => (string?)r!["name"]).ToArray());
    }

    [TestMethod]
    public void ModelSigningManifest_OfAFileWithoutDigest_FailsWithItsCode()
    {
        var image = Image(new LayerFile("inherited.bin", 1, null));
        var error = Assert.ThrowsExactly<ModelcarException>(() => ModelSigningManifest.Build("m", image.Files));
        Assert.AreEqual(ErrorCodes.ModelFileDigestUnknown, error.Code);
        Assert.Contains("/models/inherited.bin", error.Message);
    }

    [TestMethod]
    public void ModelPackConfig_ValidatesAgainstTheSpecSchema_WhichRejectsAnUnknownField()
    {
        var image = Image(new LayerFile("model.gguf", 10, Sha("w")), new LayerFile("README.md", 1, Sha("r")));
        var info = new ModelPackInfo("model") { Version = "1.0", Revision = new string('a', 40), CreatedAt = DateTimeOffset.UnixEpoch, Licenses = ["Apache-2.0"] };
        JsonNode config = JsonNode.Parse(ModelPackView.BuildConfig(image, info))!;
        JsonSchema schema = JsonSchema.FromFile(SharedData.ModelPackFile("config-schema.json"));
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

        Assert.IsTrue(schema.Evaluate(config, options).IsValid, config.ToJsonString());
        Assert.AreEqual("gguf", (string?)config["config"]!["format"]);
        Assert.AreEqual("1970-01-01T00:00:00Z", (string?)config["descriptor"]!["createdAt"]);

        // The validator is not a yes-man: the spec forbids extra fields.
        config["descriptor"]!["unknown"] = "x";
        Assert.IsFalse(schema.Evaluate(config, options).IsValid);
    }

    [TestMethod]
    public void ModelPackLayerTypes_FollowTheFilesAndTheModelcarsCompression()
    {
        Assert.AreEqual("application/vnd.cncf.model.weight.v1.tar", ModelPackMediaTypes.LayerMediaType(ModelPackMediaTypes.KindOf("shard-00001.safetensors"), MediaTypes.OciLayer));
        Assert.AreEqual("application/vnd.cncf.model.weight.config.v1.tar+zstd", ModelPackMediaTypes.LayerMediaType(ModelPackMediaTypes.KindOf(["config.json", "tokenizer.json"]), MediaTypes.OciLayerZstd));
        Assert.AreEqual("application/vnd.cncf.model.doc.v1.tar+gzip", ModelPackMediaTypes.LayerMediaType(ModelPackMediaTypes.KindOf(["README.md", "LICENSE"]), MediaTypes.OciLayerGzip));
        Assert.AreEqual("code", ModelPackMediaTypes.KindOf("handler/model.py"));
        IReadOnlySet<string> spec = SharedData.ModelPackMediaTypes();
        foreach (string kind in new[] { "weight", "weight.config", "doc", "code" })
        {
            foreach (string layer in new[] { MediaTypes.OciLayer, MediaTypes.OciLayerGzip, MediaTypes.OciLayerZstd })
            {
                Assert.Contains(ModelPackMediaTypes.LayerMediaType(kind, layer), spec);
            }
        }
    }
}
