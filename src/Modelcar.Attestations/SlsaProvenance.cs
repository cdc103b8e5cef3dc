using System.Text.Json.Nodes;

namespace Modelcar.Attestations;

/// <summary>
/// SLSA provenance v1 for a published modelcar: the project and its properties as external parameters, the base
/// image and every model source (with what it resolved to) as resolved dependencies, the CI as the builder.
/// </summary>
public static class SlsaProvenance
{
    public const string PredicateType = "https://slsa.dev/provenance/v1";

    /// <summary>What the buildType URI names: docs/signing.md describes the parameters of a Modelcar.Sdk publish.</summary>
    public const string BuildType = "https://github.com/modelcar-sdk/Modelcar.Sdk/blob/main/docs/signing.md#provenance-v1";

    public static InTotoStatement Build(AttestationInputs inputs)
    {
        var dependencies = new JsonArray();
        if (inputs.BaseImage is { } baseImage)
        {
            dependencies.Add(new JsonObject
            {
                ["name"] = "base image",
                ["uri"] = baseImage.Name,
                ["digest"] = new JsonObject { [baseImage.Digest.Algorithm] = baseImage.Digest.Encoded },
            });
        }
        foreach (SourceInput source in inputs.Sources.DistinctBy(s => s.Uri).OrderBy(s => s.Uri, StringComparer.Ordinal))
        {
            var dependency = new JsonObject { ["name"] = "model source", ["uri"] = source.Uri };
            if (source.Revision is { } revision)
            {
                // A 40-hex revision is a git commit (Hugging Face); anything else (an object version, an etag) is kept as said.
                if (revision.Length == 40 && revision.All(char.IsAsciiHexDigitLower)) dependency["digest"] = new JsonObject { ["gitCommit"] = revision };
                dependency["annotations"] = new JsonObject { ["revision"] = revision };
            }
            dependencies.Add(dependency);
        }

        var properties = new JsonObject();
        foreach (var (name, value) in inputs.Properties.OrderBy(p => p.Key, StringComparer.Ordinal)) properties[name] = value;
        var builder = new JsonObject { ["id"] = inputs.Builder.Id, ["version"] = new JsonObject { ["Modelcar.Sdk"] = inputs.SdkVersion } };
        var runDetails = new JsonObject { ["builder"] = builder };
        if (inputs.Builder.InvocationId is { } invocation) runDetails["metadata"] = new JsonObject { ["invocationId"] = invocation };

        var predicate = new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["buildType"] = BuildType,
                ["externalParameters"] = new JsonObject { ["project"] = inputs.ProjectPath, ["properties"] = properties },
                ["resolvedDependencies"] = dependencies,
            },
            ["runDetails"] = runDetails,
        };
        return InTotoStatement.Create([inputs.Subject], PredicateType, predicate);
    }
}
