using Modelcar.Oci.Model;

namespace Modelcar.Oci.Tests.Model;

[TestClass]
public sealed class PlatformTests
{
    [TestMethod]
    [DataRow("linux/amd64", "linux", "amd64", null)]
    [DataRow("linux/arm64/v8", "linux", "arm64", "v8")]
    [DataRow("linux/arm/v7", "linux", "arm", "v7")]
    [DataRow(" linux/s390x ", "linux", "s390x", null)]
    [DataRow("linux-x64", "linux", "amd64", null)]
    [DataRow("linux-arm64", "linux", "arm64", null)]
    [DataRow("linux-arm", "linux", "arm", "v7")]
    [DataRow("linux-x86", "linux", "386", null)]
    [DataRow("linux-ppc64le", "linux", "ppc64le", null)]
    public void Parse_OsArchVariant_AndRuntimeIdentifiers(string text, string os, string architecture, string? variant)
    {
        Platform platform = Platform.Parse(text);

        Assert.AreEqual(os, platform.OS);
        Assert.AreEqual(architecture, platform.Architecture);
        Assert.AreEqual(variant, platform.Variant);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("linux")]
    [DataRow("linux/")]
    [DataRow("/amd64")]
    [DataRow("linux//v8")]
    [DataRow("linux/arm64/v8/x")]
    [DataRow("win-x64")]
    [DataRow("osx-arm64")]
    [DataRow("linux-musl-x64")]
    [DataRow("linux-sparc")]
    public void Parse_Invalid_ThrowsInvalidPlatform(string text)
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() => Platform.Parse(text));

        Assert.AreEqual(ErrorCodes.InvalidPlatform, e.Code);
    }

    [TestMethod]
    [DataRow("linux/amd64")]
    [DataRow("linux/arm64/v8")]
    public void ToString_RoundTrips(string text) => Assert.AreEqual(text, Platform.Parse(text).ToString());

    [TestMethod]
    [DataRow("linux/amd64", "linux/amd64", true)]
    [DataRow("linux/amd64", "linux/arm64", false)]
    [DataRow("linux/amd64", "windows/amd64", false)]
    [DataRow("linux/arm64", "linux/arm64/v8", true)]
    [DataRow("linux/arm64/v8", "linux/arm64", true)]
    [DataRow("linux/arm64/v8", "linux/arm64/v8", true)]
    [DataRow("linux/arm/v7", "linux/arm/v6", false)]
    [DataRow("linux/arm/v7", "linux/arm", true)]
    [DataRow("linux/arm", "linux/arm/v7", true)]
    [DataRow("linux/arm64", "linux/arm64/v9", false)] // a missing arm64 variant means v8, as in containerd
    [DataRow("linux/arm64/v9", "linux/arm64", false)]
    public void Matches_VariantRules(string wanted, string candidate, bool expected)
    {
        Assert.AreEqual(expected, Platform.Parse(wanted).Matches(Platform.Parse(candidate)));
    }
}
