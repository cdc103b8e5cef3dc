using YamlDotNet.RepresentationModel;

namespace Modelcar.KServe.Tests;

[TestClass]
public sealed class ProgressDeadlineTests
{
    private const long GB = 1_000_000_000;

    private static string? Annotation(InferenceServiceOptions options)
    {
        var doc = (YamlMappingNode)OpenApiSchemaValidator.ParseDocument(InferenceServiceWriter.Write(options));
        var metadata = (YamlMappingNode)doc["metadata"];
        if (!metadata.Children.TryGetValue(new YamlScalarNode("annotations"), out var annotations)) return null;
        return ((YamlMappingNode)annotations).Children.TryGetValue(new YamlScalarNode(ProgressDeadline.AnnotationKey), out var value)
            ? ((YamlScalarNode)value).Value
            : null;
    }

    [TestMethod]
    public void DefaultFor_A15GBImage_IsPullTimeAtTheConservativeBandwidthPlusStartup()
    {
        // 15e9 bytes at 8 MiB/s is 1789 s (29.8 min); plus 5 minutes to start, rounded up to whole minutes.
        Assert.AreEqual(TimeSpan.FromMinutes(35), ProgressDeadline.DefaultFor(15 * GB));
        Assert.IsGreaterThan(ProgressDeadline.KnativeDefault, ProgressDeadline.DefaultFor(15 * GB)!.Value);
    }

    [TestMethod]
    [DataRow(0L)]
    [DataRow(100_000L)]
    [DataRow(2L * 1024 * 1024 * 1024)]
    public void DefaultFor_ImagesThatFitInKnativesTenMinutes_IsNull(long size) =>
        Assert.IsNull(ProgressDeadline.DefaultFor(size));

    [TestMethod]
    public void DefaultFor_JustOverTheLimit_IsElevenMinutes() =>
        // 5 minutes of pull at 8 MiB/s is 2.34 GiB; one byte more needs the 11th minute.
        Assert.AreEqual(TimeSpan.FromMinutes(11), ProgressDeadline.DefaultFor(5L * 60 * ProgressDeadline.PullBytesPerSecond + 1));

    [TestMethod]
    [DataRow("45m", 45 * 60)]
    [DataRow("1h30m", 90 * 60)]
    [DataRow("5400s", 5400)]
    [DataRow(" 2h ", 7200)]
    [DataRow("1h0m30s", 3630)]
    public void Parse_ReadsGoDurations(string text, int seconds) =>
        Assert.AreEqual(TimeSpan.FromSeconds(seconds), ProgressDeadline.Parse(text));

    [TestMethod]
    [DataRow("")]
    [DataRow("45")]
    [DataRow("0m")]
    [DataRow("1.5h")]
    [DataRow("-5m")]
    [DataRow("30 minutes")]
    [DataRow("1d")]
    public void Parse_Invalid_Is069(string text)
    {
        var error = Assert.ThrowsExactly<ModelcarException>(() => ProgressDeadline.Parse(text));
        Assert.AreEqual(ErrorCodes.InvalidProgressDeadline, error.Code);
        Assert.Contains($"'{text}'", error.Message);
    }

    [TestMethod]
    [DataRow(35 * 60, "35m")]
    [DataRow(90 * 60, "1h30m")]
    [DataRow(90, "1m30s")]
    [DataRow(7200, "2h")]
    public void Format_WritesTheShortestGoDuration(int seconds, string expected)
    {
        Assert.AreEqual(expected, ProgressDeadline.Format(TimeSpan.FromSeconds(seconds)));
        Assert.AreEqual(TimeSpan.FromSeconds(seconds), ProgressDeadline.Parse(expected));
    }

    [TestMethod]
    public void Writer_KnativeLargeImage_WritesTheDerivedDeadline()
    {
        Assert.AreEqual("35m", Annotation(Samples.Minimal with { DeploymentMode = "Knative", ImageSizeBytes = 15 * GB }));
        Assert.AreEqual("35m", Annotation(Samples.Minimal with { DeploymentMode = "Serverless", ImageSizeBytes = 15 * GB }));
    }

    [TestMethod]
    public void Writer_NoAnnotation_ForStandardUnsetModeOrSmallImages()
    {
        Assert.IsNull(Annotation(Samples.Minimal with { DeploymentMode = "Standard", ImageSizeBytes = 15 * GB }));
        Assert.IsNull(Annotation(Samples.Minimal with { ImageSizeBytes = 15 * GB }));
        Assert.IsNull(Annotation(Samples.Minimal with { DeploymentMode = "Knative", ImageSizeBytes = 100_000 }));
        Assert.IsNull(Annotation(Samples.Minimal with { DeploymentMode = "Knative" }));
    }

    [TestMethod]
    public void Writer_ExplicitDeadline_WinsOverTheDerivedOne()
    {
        var options = Samples.Minimal with { DeploymentMode = "Knative", ImageSizeBytes = 15 * GB, ProgressDeadline = TimeSpan.FromHours(2) };
        Assert.AreEqual("2h", Annotation(options));
        Assert.IsEmpty(InferenceServiceValidator.GetWarnings(options));
    }

    [TestMethod]
    public void Writer_HandWrittenAnnotation_IsKept()
    {
        var annotations = new Dictionary<string, string> { [ProgressDeadline.AnnotationKey] = "90m" };
        Assert.AreEqual("90m", Annotation(Samples.Minimal with { DeploymentMode = "Knative", ImageSizeBytes = 15 * GB, Annotations = annotations }));
    }

    [TestMethod]
    public void Validate_DeadlineWithStandardMode_Is069()
    {
        var error = Assert.ThrowsExactly<ModelcarException>(() => InferenceServiceValidator.Validate(
            Samples.Minimal with { DeploymentMode = "Standard", ProgressDeadline = TimeSpan.FromMinutes(30) }));
        Assert.AreEqual(ErrorCodes.InvalidProgressDeadline, error.Code);
        Assert.Contains("'Standard'", error.Message);
    }

    [TestMethod]
    public void Validate_DeadlineDisagreeingWithTheAnnotation_Is069()
    {
        var annotations = new Dictionary<string, string> { [ProgressDeadline.AnnotationKey] = "90m" };
        var error = Assert.ThrowsExactly<ModelcarException>(() => InferenceServiceValidator.Validate(
            Samples.Minimal with { DeploymentMode = "Knative", ProgressDeadline = TimeSpan.FromMinutes(30), Annotations = annotations }));
        Assert.AreEqual(ErrorCodes.InvalidProgressDeadline, error.Code);
        InferenceServiceValidator.Validate(Samples.Minimal with { DeploymentMode = "Knative", ProgressDeadline = TimeSpan.FromMinutes(90), Annotations = annotations });
    }

    [TestMethod]
    public void GetWarnings_DeadlineShorterThanThePull_Is076()
    {
        var options = Samples.Minimal with { DeploymentMode = "Knative", ImageSizeBytes = 15 * GB, ProgressDeadline = TimeSpan.FromMinutes(20) };
        var warning = InferenceServiceValidator.GetWarnings(options).Single();
        Assert.AreEqual(ErrorCodes.ProgressDeadlineTooShort, warning.Code);
        Assert.Contains("'20m'", warning.Message);
        Assert.Contains("'35m'", warning.Message);
    }
}
