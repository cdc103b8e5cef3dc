using System.Text.Json.Nodes;
using Modelcar.Oci.Referrers;

namespace Modelcar.Attestations;

/// <summary>
/// An unsigned in-toto v1 statement as canonical JSON bytes: what a signer wraps in a DSSE envelope
/// (payload type <see cref="PayloadType"/>), or what is attached as it is when nothing signs.
/// </summary>
/// <param name="PredicateType">e.g. <c>https://slsa.dev/provenance/v1</c>.</param>
/// <param name="Json">The statement, canonical JSON (see <see cref="CanonicalJson"/>).</param>
public sealed record InTotoStatement(string PredicateType, byte[] Json)
{
    public const string StatementType = "https://in-toto.io/Statement/v1";

    /// <summary>The DSSE payload type of an in-toto statement, and the media type of an unsigned one.</summary>
    public const string PayloadType = "application/vnd.in-toto+json";

    /// <summary>The annotation that lets a referrers list be filtered by predicate without fetching each statement (as cosign and oras do).</summary>
    public const string PredicateTypeAnnotation = "in-toto.io/predicate-type";

    /// <summary>A statement about <paramref name="subjects"/> (name and sha256 hex each).</summary>
    public static InTotoStatement Create(IEnumerable<(string Name, string Sha256)> subjects, string predicateType, JsonObject predicate)
    {
        var statement = new JsonObject
        {
            ["_type"] = StatementType,
            ["subject"] = new JsonArray([.. subjects.Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Name,
                ["digest"] = new JsonObject { ["sha256"] = s.Sha256 },
            })]),
            ["predicateType"] = predicateType,
            ["predicate"] = predicate,
        };
        return new InTotoStatement(predicateType, CanonicalJson.Serialize(statement));
    }

    /// <summary>The statement attached unsigned: one <c>application/vnd.in-toto+json</c> blob, its predicate type annotated.</summary>
    public ReferrerArtifact ToUnsignedArtifact(string description)
    {
        var annotations = new Dictionary<string, string> { [PredicateTypeAnnotation] = PredicateType };
        return new ReferrerArtifact(PayloadType, [ReferrerBlob.FromBytes(PayloadType, Json, annotations)])
        {
            Annotations = annotations,
            Description = description,
        };
    }
}
