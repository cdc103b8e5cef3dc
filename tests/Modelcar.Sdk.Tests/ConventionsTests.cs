using Microsoft.Build.Utilities;
using Modelcar.Sdk.Conventions;
using Modelcar.Sdk.Logging;

namespace Modelcar.Sdk.Tests;

/// <summary>The .NET conventions' rules without MSBuild: platform choice, config items, and when the terminal logger draws the console.</summary>
[TestClass]
public sealed class ConventionsTests
{
    [TestMethod]
    [DataRow(null, null, "linux-x64")]
    [DataRow("", "linux-arm64", "linux-arm64")]
    [DataRow("linux-arm64", "", "linux-arm64")]
    [DataRow("linux/arm64", "linux-arm64", "linux/arm64")]
    public void RuntimeIdentifier_PicksThePlatform(string? container, string? runtime, string expected) =>
        Assert.AreEqual(expected, RuntimeIdentifierConvention.Resolve(container, runtime));

    [TestMethod]
    public void RuntimeIdentifier_DisagreeingWithContainerRuntimeIdentifier_IsMODELCAR054()
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() => RuntimeIdentifierConvention.Resolve("linux-x64", "linux-arm64"));
        Assert.AreEqual(ErrorCodes.InvalidContainerConvention, e.Code);
        StringAssert.Contains(e.Message, "'linux-arm64'");
    }

    [TestMethod]
    public void ConfigItems_KeepItemOrder_AndTheLastOfANameWins()
    {
        var items = new[] { new TaskItem("A", new Dictionary<string, string> { ["Value"] = "1" }), new TaskItem("B"), new TaskItem("A", new Dictionary<string, string> { ["Value"] = "2" }) };
        CollectionAssert.AreEqual(new[] { "B=", "A=2" }, ContainerConfigItems.Environment(items).Select(p => p.Key + "=" + p.Value).ToArray());
    }

    [TestMethod]
    [DataRow("1ABC")]
    [DataRow("MY-VAR")]
    [DataRow("A=B")]
    public void ConfigItems_ABadVariableName_IsMODELCAR054(string name) =>
        Assert.AreEqual(ErrorCodes.InvalidContainerConvention, Assert.ThrowsExactly<ModelcarException>(() => ContainerConfigItems.Environment([new TaskItem(name)])).Code);

    [TestMethod]
    public void ConfigItems_ALabelKeyWithASpace_IsMODELCAR054_ButDotsAndSlashesAreFine()
    {
        Assert.AreEqual(1, ContainerConfigItems.Labels([new TaskItem("org.opencontainers.image/vendor")]).Count);
        Assert.AreEqual(ErrorCodes.InvalidContainerConvention, Assert.ThrowsExactly<ModelcarException>(() => ContainerConfigItems.Labels([new TaskItem("my label")])).Code);
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [TestMethod]
    [DataRow(new[] { "dotnet", "publish", "-tl:on" }, false, true)]
    [DataRow(new[] { "dotnet", "publish", "--tl:off" }, true, false)]
    [DataRow(new[] { "dotnet", "publish", "-terminalLogger:true" }, false, true)]
    [DataRow(new[] { "dotnet", "publish" }, true, true)]
    [DataRow(new[] { "dotnet", "publish" }, false, false)]
    [DataRow(new[] { "dotnet", "publish", "-tl" }, true, true)]
    public void TerminalLogger_FollowsTheSwitch_ElseTheTerminal(string[] arguments, bool terminal, bool expected) =>
        Assert.AreEqual(expected, TerminalLoggerDetection.IsActive(arguments, terminal, Env()));

    [TestMethod]
    public void TerminalLogger_Auto_IsOffInCi_ButOnWhenForced()
    {
        Assert.IsFalse(TerminalLoggerDetection.IsActive(["dotnet", "publish"], true, Env(("TF_BUILD", "True"))));
        Assert.IsFalse(TerminalLoggerDetection.IsActive(["dotnet", "publish"], true, Env(("CI", "true"))));
        Assert.IsTrue(TerminalLoggerDetection.IsActive(["dotnet", "publish", "-tl:on"], false, Env(("GITHUB_ACTIONS", "true"))));
        Assert.IsTrue(TerminalLoggerDetection.IsActive(["dotnet", "publish"], false, Env(("MSBUILDTERMINALLOGGER", "on"))));
    }

    [TestMethod]
    public void Quiet_IsReadInEveryForm_AndTheLastWins()
    {
        Assert.IsTrue(TerminalLoggerDetection.IsQuiet(["dotnet", "publish", "-v:q"]));
        Assert.IsTrue(TerminalLoggerDetection.IsQuiet(["dotnet", "publish", "-v", "quiet"]));
        Assert.IsTrue(TerminalLoggerDetection.IsQuiet(["dotnet", "publish", "--verbosity", "q"]));
        Assert.IsFalse(TerminalLoggerDetection.IsQuiet(["dotnet", "publish", "-v:q", "-v:n"]));
        Assert.IsFalse(TerminalLoggerDetection.IsQuiet(["dotnet", "publish"]));
    }
}
