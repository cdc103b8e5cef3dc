using Modelcar.Attestations;
using Modelcar.Attestations.ModelPack;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Referrers;

namespace Modelcar.Publishing.Referrers;

/// <summary>
/// Signs one in-toto statement about the image: returns the artifact to attach instead of the unsigned statement
/// (a Sigstore bundle holding a DSSE envelope).
/// </summary>
public delegate Task<ReferrerArtifact> StatementSigner(InTotoStatement statement, AttestationInputs inputs, CancellationToken cancellationToken);

/// <summary>
/// What a publish attaches to the image as OCI 1.1 referrers, in this order: the ModelPack view
/// (<c>ModelcarModelPack</c>), the in-toto statements (<c>ModelcarAttestations</c>; signed when a
/// <see cref="StatementSigner"/> is set, else as they are), then any further producer (an image signature).
/// Every statement is built from <see cref="AttestationInputs"/>, whose file digests come from the publish's one read.
/// </summary>
public sealed class PublishReferrers
{
    public bool ModelPack { get; init; }

    public bool Attestations { get; init; }

    /// <summary>Gathers the statements' inputs once the image is written (its subject digest and file digests are known then).</summary>
    public required Func<PublishedModelcar, AttestationInputs> Inputs { get; init; }

    public required ModelPackInfo ModelPackInfo { get; init; }

    /// <summary>Null: statements are attached unsigned (<c>application/vnd.in-toto+json</c>).</summary>
    public StatementSigner? SignStatement { get; set; }

    /// <summary>More producers, run after the statements (e.g. the signature of the image manifest itself).</summary>
    public List<Func<AttestationInputs, CancellationToken, Task<IReadOnlyList<ReferrerArtifact>>>> More { get; } = [];

    /// <summary>The statements a publish makes about the image: SLSA provenance and the model-signing manifest.</summary>
    public static IReadOnlyList<(InTotoStatement Statement, string Description)> Statements(AttestationInputs inputs) =>
    [
        (SlsaProvenance.Build(inputs), "SLSA provenance"),
        (ModelSigningManifest.Build(inputs.ModelName, inputs.Image.Files), "model-signing manifest"),
    ];

    /// <summary>Empty when nothing is asked for, so that the publish does not write its manifest twice.</summary>
    public IReadOnlyList<ReferrerProducer> Producers() =>
        !ModelPack && !Attestations && More.Count == 0 ? [] : [ProduceAsync];

    private async Task<IReadOnlyList<ReferrerArtifact>> ProduceAsync(PublishedModelcar image, CancellationToken cancellationToken)
    {
        var artifacts = new List<ReferrerArtifact>();
        if (ModelPack) artifacts.Add(ModelPackView.Build(image, ModelPackInfo));
        if (!Attestations && More.Count == 0) return artifacts;

        AttestationInputs inputs = Inputs(image);
        if (Attestations)
        {
            foreach ((InTotoStatement statement, string description) in Statements(inputs))
            {
                artifacts.Add(SignStatement is null
                    ? statement.ToUnsignedArtifact(description)
                    : await SignStatement(statement, inputs, cancellationToken));
            }
        }
        foreach (var produce in More) artifacts.AddRange(await produce(inputs, cancellationToken));
        return artifacts;
    }
}
