using Modelcar.KServe.Scheduling;
using YamlDotNet.RepresentationModel;

namespace Modelcar.KServe.Tests;

/// <summary>Tolerations, node selectors and node affinity: parsed from item text, checked with Kubernetes' rules, and
/// written where the InferenceService and ServingRuntime CRDs expect them.</summary>
[TestClass]
public sealed class SchedulingTests
{
    private static readonly PodScheduling Gpu = LlmInferenceServiceTests.GpuScheduling;

    [TestMethod]
    public void InferenceService_WithScheduling_IsValidAgainstTheCrd_AndPutsItOnThePredictor()
    {
        var validator = OpenApiSchemaValidator.FromCrd(KServeData.RequireFile("serving.kserve.io_inferenceservices.yaml"));
        string yaml = InferenceServiceWriter.Write(Samples.Full with { Scheduling = Gpu });
        Assert.IsEmpty(validator.Validate(yaml), yaml);
        var doc = OpenApiSchemaValidator.ParseDocument(yaml);
        Assert.AreEqual("true", ((YamlScalarNode)doc["spec"]["predictor"]["nodeSelector"]["nvidia.com/gpu.present"]).Value);
        Assert.AreEqual("NoSchedule", ((YamlScalarNode)doc["spec"]["predictor"]["tolerations"][0]["effect"]).Value);
        Assert.IsNotNull(doc["spec"]["predictor"]["affinity"]["nodeAffinity"]);
    }

    [TestMethod]
    public void ServingRuntime_WithScheduling_IsValidAgainstItsCrd()
    {
        var validator = OpenApiSchemaValidator.FromCrd(KServeData.RequireFile("serving.kserve.io_servingruntimes.yaml"));
        string yaml = ServingRuntimeWriter.Write(new ServingRuntimeOptions
        {
            Name = "granite-runtime", Image = "quay.io/acme/server:2", ModelFormat = "granite-gguf", Scheduling = Gpu,
        });
        Assert.IsEmpty(validator.Validate(yaml), yaml);
        Assert.Contains("tolerations:", yaml);
    }

    [TestMethod]
    public void NoScheduling_WritesNothing()
    {
        string yaml = InferenceServiceWriter.Write(Samples.Full);
        Assert.DoesNotContain("tolerations", yaml);
        Assert.DoesNotContain("nodeSelector", yaml);
        Assert.DoesNotContain("affinity", yaml);
    }

    [TestMethod]
    public void Inputs_DefaultTheOperatorFromTheValue()
    {
        var s = SchedulingInputs.Parse([], [new("nvidia.com/gpu", null, null, "NoSchedule", null), new("dedicated", null, "llm", null, null)],
            [new("nvidia.com/gpu.product", null, "A100; H100", null), new("gpu", null, null, "20")]);
        Assert.AreEqual("Exists", s.Tolerations[0].Operator);
        Assert.AreEqual("Equal", s.Tolerations[1].Operator);
        Assert.AreEqual("In", s.NodeAffinity[0].Operator);
        CollectionAssert.AreEqual(new[] { "A100", "H100" }, s.NodeAffinity[0].Values.ToArray());
        Assert.AreEqual("Exists", s.NodeAffinity[1].Operator);
        Assert.AreEqual(20, s.NodeAffinity[1].Weight);
        Assert.AreSame(PodScheduling.None, SchedulingInputs.Parse([], [], []));
    }

    [TestMethod]
    [DataRow("x", null, null, null, "soon")]
    [DataRow("x", null, null, null, "1.5")]
    public void Inputs_ANonNumberIs068(string key, string? op, string? value, string? effect, string? seconds) =>
        Assert.AreEqual(ErrorCodes.InvalidKServeItem,
            Assert.ThrowsExactly<ModelcarException>(() => SchedulingInputs.Parse([], [new(key, op, value, effect, seconds)], [])).Code);

    [TestMethod]
    public void Inputs_ANodeSelectorKeyTwiceWithDifferentValues_Is068() =>
        Assert.AreEqual(ErrorCodes.InvalidKServeItem,
            Assert.ThrowsExactly<ModelcarException>(() => SchedulingInputs.Parse([new("zone", "a"), new("zone", "b")], [], [])).Code);

    public static IEnumerable<object[]> BadSchedules()
    {
        yield return ["bad taint key", new PodScheduling { Tolerations = [new("nvidia.com/", "Exists", null, null, null)] }, "nvidia.com/"];
        yield return ["operator", new PodScheduling { Tolerations = [new("gpu", "exists", null, null, null)] }, "'exists'"];
        yield return ["exists with value", new PodScheduling { Tolerations = [new("gpu", "Exists", "yes", null, null)] }, "Exists"];
        yield return ["effect", new PodScheduling { Tolerations = [new("gpu", "Exists", null, "NoSchedules", null)] }, "'NoSchedules'"];
        yield return ["seconds without NoExecute", new PodScheduling { Tolerations = [new("gpu", "Exists", null, "NoSchedule", 60)] }, "NoExecute"];
        yield return ["empty key needs Exists", new PodScheduling { Tolerations = [new("", "Equal", "x", null, null)] }, "Exists"];
        yield return ["bad value", new PodScheduling { Tolerations = [new("gpu", "Equal", "a b", null, null)] }, "'a b'"];
        yield return ["selector key", new PodScheduling { NodeSelector = new Dictionary<string, string> { ["-gpu"] = "x" } }, "'-gpu'"];
        yield return ["selector value", new PodScheduling { NodeSelector = new Dictionary<string, string> { ["gpu"] = "A100 80GB" } }, "'A100 80GB'"];
        yield return ["affinity operator", new PodScheduling { NodeAffinity = [new("gpu", "in", ["a"], null)] }, "'in'"];
        yield return ["In without values", new PodScheduling { NodeAffinity = [new("gpu", "In", [], null)] }, "Values"];
        yield return ["Exists with values", new PodScheduling { NodeAffinity = [new("gpu", "Exists", ["a"], null)] }, "takes no Values"];
        yield return ["Gt not a number", new PodScheduling { NodeAffinity = [new("gpu.memory", "Gt", ["lots"], null)] }, "whole number"];
        yield return ["weight", new PodScheduling { NodeAffinity = [new("gpu", "Exists", [], 101)] }, "Weight 101"];
    }

    [TestMethod]
    [DynamicData(nameof(BadSchedules))]
    public void Validator_Refuses_With068_NamingTheValue(string name, PodScheduling scheduling, string expected)
    {
        var error = Assert.ThrowsExactly<ModelcarException>(() => InferenceServiceWriter.Write(Samples.Minimal with { Scheduling = scheduling }), name);
        Assert.AreEqual(ErrorCodes.InvalidKServeItem, error.Code, name);
        Assert.Contains(expected, error.Message, name);
    }
}
