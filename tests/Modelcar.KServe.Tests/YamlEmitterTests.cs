using Modelcar.KServe.Yaml;
using YamlDotNet.RepresentationModel;

namespace Modelcar.KServe.Tests;

[TestClass]
public sealed class YamlEmitterTests
{
    [TestMethod]
    public void NestedShapes_HaveTheExpectedLayout_AndParseBack()
    {
        var document = new YamlMap()
            .Add("a", "x")
            .Add("empty-map", new YamlMap())
            .Add("empty-seq", new YamlSeq())
            .Add("items", new YamlSeq()
                .Add(new YamlMap().Add("name", "n1").Add("inner", new YamlMap().Add("k", "v")).Add("list", new YamlSeq().Add("p").Add(2)))
                .Add("plain")
                .Add(new YamlSeq().Add("deep")))
            .Add("num", 5);

        string yaml = YamlEmitter.Emit(document, "header");
        const string expected = """
            # header
            a: x
            empty-map: {}
            empty-seq: []
            items:
              - name: n1
                inner:
                  k: v
                list:
                  - p
                  - 2
              - plain
              -
                - deep
            num: 5

            """;
        Assert.AreEqual(expected.ReplaceLineEndings("\n"), yaml);

        var root = (YamlMappingNode)OpenApiSchemaValidator.ParseDocument(yaml);
        var items = (YamlSequenceNode)root["items"];
        Assert.AreEqual("v", ((YamlScalarNode)items[0]["inner"]["k"]).Value);
        Assert.AreEqual("deep", ((YamlScalarNode)((YamlSequenceNode)items[2])[0]).Value);
        Assert.AreEqual(ScalarKind.Int, YamlScalars.Resolve((YamlScalarNode)root["num"]));
    }

    [TestMethod]
    public void DuplicateKey_Throws()
    {
        Assert.ThrowsExactly<InvalidOperationException>(() => new YamlMap().Add("k", "a").Add("k", "b"));
    }

    [TestMethod]
    [DataRow("granite", true)]
    [DataRow("app.kubernetes.io/name", true)]
    [DataRow("/mnt/models", true)]
    [DataRow("Yes", false)]
    [DataRow("v1", true)]
    [DataRow("1Gi", false)]
    [DataRow("a b", false)]
    [DataRow("a:b", false)]
    [DataRow("n", false)]
    [DataRow("NULL", false)]
    public void PlainOnlyWhenObviouslyAString(string text, bool plain)
    {
        Assert.AreEqual(plain, YamlEmitter.IsPlainSafe(text));
    }
}
