namespace Modelcar.KServe.Tests;

/// <summary>The test-side validator must itself be right, or the CRD tests prove nothing: small schemas, known answers.</summary>
[TestClass]
public sealed class OpenApiSchemaValidatorTests
{
    private const string Schema = """
        type: object
        properties:
          count: { type: integer, format: int32, minimum: 0, maximum: 10 }
          name: { type: string, pattern: "^[a-z]+$", maxLength: 5 }
          mode: { type: string, enum: [a, b] }
          flag: { type: boolean }
          ratio: { type: number }
          qty:
            anyOf: [ { type: integer }, { type: string } ]
            x-kubernetes-int-or-string: true
            pattern: "^[0-9]+m?$"
          tags: { type: array, items: { type: string }, x-kubernetes-list-type: set }
          ports:
            type: array
            x-kubernetes-list-type: map
            x-kubernetes-list-map-keys: [port]
            items: { type: object, required: [port], properties: { port: { type: integer } } }
          extra: { type: object, additionalProperties: { type: string } }
          free: { type: object, x-kubernetes-preserve-unknown-fields: true }
          opt: { type: string, nullable: true }
        required: [name]
        """;

    private static IReadOnlyList<string> Validate(string document)
    {
        var schema = (YamlDotNet.RepresentationModel.YamlMappingNode)OpenApiSchemaValidator.ParseDocument(Schema);
        return new OpenApiSchemaValidator(schema).Validate(document);
    }

    [TestMethod]
    public void ValidDocument_HasNoErrors()
    {
        var errors = Validate("""
            count: 3
            name: abc
            mode: b
            flag: true
            ratio: 0.5
            qty: "500m"
            tags: [x, z]
            ports: [{port: 80}, {port: 443}]
            extra: {a: "1", b: x}
            free: {anything: [1, {deep: true}]}
            opt: null
            """);
        Assert.IsEmpty(errors, string.Join("\n", errors));
        Assert.IsEmpty(Validate("name: abc\nqty: 5"));
    }

    [TestMethod]
    [DataRow("name: abc\ncount: \"3\"", ".count")]
    [DataRow("name: abc\ncount: 11", ".count")]
    [DataRow("name: abc\ncount: -1", ".count")]
    [DataRow("name: abc\ncount: 2147483648", ".count")]
    [DataRow("name: ABC", ".name")]
    [DataRow("name: abcdef", ".name")]
    [DataRow("name: 123", ".name")]
    [DataRow("name: yes", ".name")]
    [DataRow("name: abc\nmode: c", ".mode")]
    [DataRow("name: abc\nflag: \"true\"", ".flag")]
    [DataRow("name: abc\nratio: x", ".ratio")]
    [DataRow("name: abc\nqty: 1.5", ".qty")]
    [DataRow("name: abc\nqty: \"5 m\"", ".qty")]
    [DataRow("name: abc\ntags: [x, x]", ".tags")]
    [DataRow("name: abc\ntags: x", ".tags")]
    [DataRow("name: abc\ntags: [x, y]", ".tags[1]")]
    [DataRow("name: abc\nports: [{port: 80}, {port: 80}]", ".ports")]
    [DataRow("name: abc\nports: [{}]", ".ports[0].port")]
    [DataRow("name: abc\nextra: {a: 1}", ".extra.a")]
    [DataRow("name: abc\nunknown: 1", ".unknown")]
    [DataRow("count: 1", ".name")]
    [DataRow("name: abc\nmode: null", ".mode")]
    [DataRow("name: abc\nports: [{port: 80, host: x}]", ".ports[0].host")]
    public void InvalidDocument_ReportsThePath(string document, string path)
    {
        var errors = Validate(document);
        Assert.IsTrue(errors.Any(e => e.StartsWith(path + ":", StringComparison.Ordinal)), $"expected {path}, got:\n{string.Join("\n", errors)}");
    }

    [TestMethod]
    [DataRow("1", ScalarKind.Int)]
    [DataRow("0x1F", ScalarKind.Int)]
    [DataRow("1:20", ScalarKind.Int)]
    [DataRow("1.0", ScalarKind.Float)]
    [DataRow("1e3", ScalarKind.Float)]
    [DataRow(".inf", ScalarKind.Float)]
    [DataRow("on", ScalarKind.Bool)]
    [DataRow("Yes", ScalarKind.Bool)]
    [DataRow("y", ScalarKind.Bool)]
    [DataRow("~", ScalarKind.Null)]
    [DataRow("", ScalarKind.Null)]
    [DataRow("v1", ScalarKind.String)]
    [DataRow("16Gi", ScalarKind.String)]
    [DataRow("500m", ScalarKind.String)]
    public void PlainScalars_ResolveLikeKubernetes(string text, ScalarKind expected)
    {
        Assert.AreEqual(expected, YamlScalars.ResolvePlain(text));
    }
}
