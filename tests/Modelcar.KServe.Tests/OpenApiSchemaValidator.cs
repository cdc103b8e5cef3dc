using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Modelcar.KServe.Tests;

/// <summary>
/// A structural OpenAPI v3 validator for the subset Kubernetes CRDs use, written for tests so that every generated
/// manifest is checked against KServe's own CRD without a cluster. Unknown fields are errors: the API server prunes
/// them silently (or rejects them under <c>kubectl apply --validate=strict</c>), and either way a field KServe never
/// sees is a bug. Supported: type (object, array, string, integer, number, boolean), properties, required,
/// additionalProperties, items, enum, pattern, min/maxLength, minimum/maximum, format int32/int64, nullable,
/// x-kubernetes-int-or-string, x-kubernetes-preserve-unknown-fields, x-kubernetes-list-type (map, set),
/// anyOf/allOf/oneOf, and the root <c>metadata</c>, which the API server validates as ObjectMeta itself.
/// </summary>
internal sealed class OpenApiSchemaValidator
{
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new();

    private static readonly HashSet<string> ObjectMetaFields =
    [
        "name", "generateName", "namespace", "labels", "annotations", "finalizers", "ownerReferences",
        "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "managedFields", "selfLink",
    ];

    private readonly YamlMappingNode _root;

    public OpenApiSchemaValidator(YamlMappingNode rootSchema) => _root = rootSchema;

    /// <summary>Loads <c>spec.versions[version].schema.openAPIV3Schema</c> from a CRD file.</summary>
    public static OpenApiSchemaValidator FromCrd(string crdPath, int version = 0)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(crdPath)) stream.Load(reader);
        var crd = (YamlMappingNode)stream.Documents[0].RootNode;
        TryGet(Child(crd, "spec")!, "versions", out var versionList);
        var versions = (YamlSequenceNode)versionList;
        var schema = Child(Child((YamlMappingNode)versions[version], "schema")!, "openAPIV3Schema")!;
        return new OpenApiSchemaValidator(schema);
    }

    public static YamlNode ParseDocument(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Single().RootNode;
    }

    public IReadOnlyList<string> Validate(string yaml) => Validate(ParseDocument(yaml));

    /// <summary>Every violation as "path: problem"; empty when the document is valid.</summary>
    public IReadOnlyList<string> Validate(YamlNode document)
    {
        var errors = new List<string>();
        Check(_root, document, "", errors);
        return errors;
    }

    private void Check(YamlMappingNode schema, YamlNode node, string path, List<string> errors)
    {
        string shown = path.Length == 0 ? "." : path;
        if (node is YamlScalarNode nullScalar && YamlScalars.Resolve(nullScalar) == ScalarKind.Null)
        {
            if (Flag(schema, "nullable")) return;
            errors.Add($"{shown}: null is not allowed");
            return;
        }

        if (Flag(schema, "x-kubernetes-int-or-string"))
        {
            var kind = node is YamlScalarNode s ? YamlScalars.Resolve(s) : (ScalarKind?)null;
            if (kind is not (ScalarKind.Int or ScalarKind.String))
            {
                errors.Add($"{shown}: must be an integer or a string");
                return;
            }
            if (kind == ScalarKind.String) CheckString(schema, (YamlScalarNode)node, shown, errors);
            return;
        }

        CheckCombinators(schema, node, path, errors);
        CheckEnum(schema, node, shown, errors);

        string? type = Text(schema, "type");
        if (type is null && Child(schema, "properties") is not null) type = "object";
        switch (type)
        {
            case "object":
                if (node is not YamlMappingNode map) { errors.Add($"{shown}: must be an object, not {Describe(node)}"); return; }
                if (path == ".metadata") { CheckObjectMeta(map, path, errors); return; }
                CheckObject(schema, map, path, errors);
                break;
            case "array":
                if (node is not YamlSequenceNode seq) { errors.Add($"{shown}: must be an array, not {Describe(node)}"); return; }
                CheckArray(schema, seq, path, errors);
                break;
            case "string":
                if (!Is(node, ScalarKind.String)) { errors.Add($"{shown}: must be a string, not {Describe(node)}"); return; }
                CheckString(schema, (YamlScalarNode)node, shown, errors);
                break;
            case "integer":
                if (!Is(node, ScalarKind.Int)) { errors.Add($"{shown}: must be an integer, not {Describe(node)}"); return; }
                CheckInteger(schema, (YamlScalarNode)node, shown, errors);
                break;
            case "number":
                if (!Is(node, ScalarKind.Int) && !Is(node, ScalarKind.Float)) errors.Add($"{shown}: must be a number, not {Describe(node)}");
                break;
            case "boolean":
                if (!Is(node, ScalarKind.Bool)) errors.Add($"{shown}: must be a boolean, not {Describe(node)}");
                break;
            case null:
                // No type: only x-kubernetes-preserve-unknown-fields or an empty schema allow that; anything goes.
                break;
            default:
                errors.Add($"{shown}: the schema has a type this validator does not know ('{type}')");
                break;
        }
    }

    private void CheckObject(YamlMappingNode schema, YamlMappingNode map, string path, List<string> errors)
    {
        var properties = Child(schema, "properties");
        var additional = TryGet(schema, "additionalProperties", out var a) ? a : null;
        bool preserveUnknown = Flag(schema, "x-kubernetes-preserve-unknown-fields");
        foreach (var (keyNode, value) in map.Children)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? "";
            string childPath = $"{path}.{key}";
            if (properties is not null && Child(properties, key) is { } propertySchema)
            {
                Check(propertySchema, value, childPath, errors);
            }
            else if (additional is YamlMappingNode additionalSchema)
            {
                Check(additionalSchema, value, childPath, errors);
            }
            else if (additional is YamlScalarNode { Value: "true" } || preserveUnknown)
            {
                // Kept as is by the API server.
            }
            else
            {
                errors.Add($"{childPath}: unknown field (the API server would prune or reject it)");
            }
        }
        if (TryGet(schema, "required", out var required) && required is YamlSequenceNode names)
        {
            foreach (var name in names.OfType<YamlScalarNode>())
            {
                if (!TryGet(map, name.Value ?? "", out _)) errors.Add($"{path}.{name.Value}: required field is missing");
            }
        }
    }

    private void CheckArray(YamlMappingNode schema, YamlSequenceNode seq, string path, List<string> errors)
    {
        var items = Child(schema, "items");
        for (int i = 0; i < seq.Children.Count; i++)
        {
            if (items is not null) Check(items, seq.Children[i], $"{path}[{i}]", errors);
        }
        switch (Text(schema, "x-kubernetes-list-type"))
        {
            case "set":
            {
                var seen = new HashSet<string>();
                foreach (var item in seq.Children.OfType<YamlScalarNode>())
                {
                    if (!seen.Add(item.Value ?? "")) errors.Add($"{path}: duplicate entry '{item.Value}' in a set");
                }
                break;
            }
            case "map" when TryGet(schema, "x-kubernetes-list-map-keys", out var keyList) && keyList is YamlSequenceNode keys:
            {
                var seen = new HashSet<string>();
                foreach (var item in seq.Children.OfType<YamlMappingNode>())
                {
                    string id = string.Join("\u0000", keys.OfType<YamlScalarNode>().Select(k => (TryGet(item, k.Value!, out var keyValue) ? (keyValue as YamlScalarNode)?.Value : null) ?? ""));
                    if (!seen.Add(id)) errors.Add($"{path}: duplicate entry for keys {string.Join(",", keys)} = '{id.Replace('\u0000', ',')}'");
                }
                break;
            }
        }
    }

    private static void CheckString(YamlMappingNode schema, YamlScalarNode node, string path, List<string> errors)
    {
        string value = node.Value ?? "";
        if (Text(schema, "pattern") is { } pattern && !Patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant)).IsMatch(value))
        {
            errors.Add($"{path}: '{value}' does not match the pattern {pattern}");
        }
        if (Text(schema, "maxLength") is { } max && value.Length > int.Parse(max, CultureInfo.InvariantCulture))
        {
            errors.Add($"{path}: longer than {max} characters");
        }
        if (Text(schema, "minLength") is { } min && value.Length < int.Parse(min, CultureInfo.InvariantCulture))
        {
            errors.Add($"{path}: shorter than {min} characters");
        }
    }

    private static void CheckInteger(YamlMappingNode schema, YamlScalarNode node, string path, List<string> errors)
    {
        string text = (node.Value ?? "").Replace("_", "");
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            // Hex, octal and base-60 forms are integers to YAML 1.1 but not what a manifest writer should emit.
            errors.Add($"{path}: '{node.Value}' is not a plain decimal integer");
            return;
        }
        if (Text(schema, "format") == "int32" && value is < int.MinValue or > int.MaxValue)
        {
            errors.Add($"{path}: {value} does not fit in int32");
        }
        if (Text(schema, "minimum") is { } min && value < long.Parse(min, CultureInfo.InvariantCulture)) errors.Add($"{path}: {value} is below the minimum {min}");
        if (Text(schema, "maximum") is { } max && value > long.Parse(max, CultureInfo.InvariantCulture)) errors.Add($"{path}: {value} is above the maximum {max}");
    }

    private static void CheckEnum(YamlMappingNode schema, YamlNode node, string path, List<string> errors)
    {
        if (!TryGet(schema, "enum", out var e) || e is not YamlSequenceNode allowed) return;
        string? value = (node as YamlScalarNode)?.Value;
        if (!allowed.OfType<YamlScalarNode>().Any(v => v.Value == value))
        {
            errors.Add($"{path}: '{value}' is not one of {string.Join(", ", allowed.OfType<YamlScalarNode>().Select(v => v.Value))}");
        }
    }

    private void CheckCombinators(YamlMappingNode schema, YamlNode node, string path, List<string> errors)
    {
        string shown = path.Length == 0 ? "." : path;
        int Passing(YamlSequenceNode branches) => branches.OfType<YamlMappingNode>().Count(branch =>
        {
            var branchErrors = new List<string>();
            Check(branch, node, path, branchErrors);
            return branchErrors.Count == 0;
        });
        if (TryGet(schema, "anyOf", out var anyOf) && anyOf is YamlSequenceNode any
            && Passing(any) == 0)
        {
            errors.Add($"{shown}: matches none of the anyOf schemas");
        }
        if (TryGet(schema, "oneOf", out var oneOf) && oneOf is YamlSequenceNode one && Passing(one) != 1)
        {
            errors.Add($"{shown}: must match exactly one of the oneOf schemas");
        }
        if (TryGet(schema, "allOf", out var allOf) && allOf is YamlSequenceNode all)
        {
            foreach (var branch in all.OfType<YamlMappingNode>()) Check(branch, node, path, errors);
        }
    }

    // The API server validates metadata as ObjectMeta, whatever the CRD says (it only says "type: object").
    private static void CheckObjectMeta(YamlMappingNode meta, string path, List<string> errors)
    {
        foreach (var (keyNode, value) in meta.Children)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? "";
            string childPath = $"{path}.{key}";
            if (!ObjectMetaFields.Contains(key)) { errors.Add($"{childPath}: unknown field of ObjectMeta"); continue; }
            if (key is "labels" or "annotations")
            {
                if (value is not YamlMappingNode entries) { errors.Add($"{childPath}: must be a map of strings"); continue; }
                foreach (var (k, v) in entries.Children)
                {
                    if (!Is(k, ScalarKind.String)) errors.Add($"{childPath}: key {Describe(k)} must be a string");
                    if (!Is(v, ScalarKind.String)) errors.Add($"{childPath}.{((YamlScalarNode)k).Value}: must be a string, not {Describe(v)}");
                }
            }
            else if (key is "name" or "namespace" or "generateName" && !Is(value, ScalarKind.String))
            {
                errors.Add($"{childPath}: must be a string, not {Describe(value)}");
            }
        }
    }

    private static bool Is(YamlNode node, ScalarKind kind) => node is YamlScalarNode s && YamlScalars.Resolve(s) == kind;

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "an object",
        YamlSequenceNode => "an array",
        YamlScalarNode s => $"{YamlScalars.Resolve(s).ToString().ToLowerInvariant()} '{s.Value}'",
        _ => node.NodeType.ToString(),
    };

    private static bool Flag(YamlMappingNode schema, string key) => Text(schema, key) == "true";

    private static string? Text(YamlMappingNode schema, string key) =>
        TryGet(schema, key, out var value) && value is YamlScalarNode s ? s.Value : null;

    private static YamlMappingNode? Child(YamlMappingNode node, string key) =>
        TryGet(node, key, out var value) ? value as YamlMappingNode : null;

    // By key text, not YamlNode equality, which also compares tags.
    private static bool TryGet(YamlMappingNode node, string key, out YamlNode value)
    {
        foreach (var (k, v) in node.Children)
        {
            if (k is YamlScalarNode s && s.Value == key) { value = v; return true; }
        }
        value = null!;
        return false;
    }
}
