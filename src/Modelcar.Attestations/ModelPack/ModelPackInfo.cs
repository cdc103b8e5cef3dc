namespace Modelcar.Attestations.ModelPack;

/// <summary>What the ModelPack config's <c>descriptor</c> and <c>config</c> say about the model; unset fields are left out.</summary>
/// <param name="Name">The model's name (required by the spec's schema, at least one character).</param>
public sealed record ModelPackInfo(string Name)
{
    public string? Version { get; init; }

    /// <summary>The model's revision: a Hugging Face commit when the model came from one.</summary>
    public string? Revision { get; init; }

    public string? SourceUrl { get; init; }

    /// <summary>RFC 3339, e.g. the image's <c>created</c> from SOURCE_DATE_EPOCH.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> Licenses { get; init; } = [];

    public IReadOnlyList<string> Authors { get; init; } = [];
}
