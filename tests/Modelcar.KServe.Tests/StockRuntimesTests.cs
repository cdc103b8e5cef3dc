using YamlDotNet.RepresentationModel;

namespace Modelcar.KServe.Tests;

/// <summary>The transcribed table of <see cref="StockRuntimes"/> against KServe's runtime YAMLs, field by field.</summary>
[TestClass]
public sealed class StockRuntimesTests
{
    private static string Scalar(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.FirstOrDefault(c => ((YamlScalarNode)c.Key).Value == key).Value is YamlScalarNode s ? s.Value! : "";

    private static YamlNode? Child(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.FirstOrDefault(c => ((YamlScalarNode)c.Key).Value == key).Value;

    [TestMethod]
    public void StockRuntimes_MatchKServe()
    {
        string dir = KServeData.RequireFile("runtimes");
        var fromYaml = new List<StockRuntime>();
        foreach (string file in Directory.GetFiles(dir, "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using (var reader = File.OpenText(file)) stream.Load(reader);
            var root = stream.Documents[0].RootNode;
            if (Scalar(root, "kind") != "ClusterServingRuntime") continue;
            var spec = Child(root, "spec")!;
            var formats = ((YamlSequenceNode?)Child(spec, "supportedModelFormats"))?.Children ?? [];
            var protocols = ((YamlSequenceNode?)Child(spec, "protocolVersions"))?.Children ?? [];
            fromYaml.Add(new StockRuntime(
                Scalar(Child(root, "metadata")!, "name"),
                formats.Select(f => new SupportedModelFormat(
                    Scalar(f, "name"),
                    Child(f, "version") is YamlScalarNode v ? v.Value : null,
                    Scalar(f, "autoSelect") == "true")).ToArray(),
                protocols.Select(p => ((YamlScalarNode)p).Value!).ToArray()));
        }
        Assert.IsNotEmpty(fromYaml);

        static string Show(IEnumerable<StockRuntime> runtimes) => string.Join("\n", runtimes.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r =>
            $"{r.Name}: [{string.Join(", ", r.SupportedModelFormats.Select(f => $"{f.Name}:{f.Version ?? "-"}:{(f.AutoSelect ? "auto" : "manual")}"))}] " +
            $"protocols [{string.Join(", ", r.ProtocolVersions)}]"));
        Assert.AreEqual(Show(fromYaml), Show(StockRuntimes.All));
    }

    [TestMethod]
    public void Table_HasUniqueRuntimeNames_AndKnownProtocols()
    {
        Assert.AreEqual(StockRuntimes.All.Count, StockRuntimes.All.Select(r => r.Name).Distinct().Count());
        foreach (var runtime in StockRuntimes.All)
        {
            foreach (string protocol in runtime.ProtocolVersions) Assert.IsTrue(ProtocolVersions.IsKnown(protocol), $"{runtime.Name}: {protocol}");
        }
        Assert.IsNotNull(StockRuntimes.Find("kserve-vllmserver"));
        Assert.IsNull(StockRuntimes.Find("KServe-vllmserver"));
    }
}
