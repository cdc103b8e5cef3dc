namespace Modelcar.KServe;

/// <summary>
/// A namespaced <c>ServingRuntime</c> for a model format no stock runtime serves: one container, <c>kserve-container</c>,
/// running <see cref="Image"/>, which KServe starts with the model at <c>/mnt/models</c> and the InferenceService's args
/// appended to its own. Written next to the InferenceService when the project names a runtime image.
/// </summary>
public sealed record ServingRuntimeOptions
{
    /// <summary><c>metadata.name</c>; the InferenceService's <c>runtime</c> names it.</summary>
    public required string Name { get; init; }

    public string? Namespace { get; init; }

    /// <summary>The serving container's image, as the user wrote it (a tag or a digest).</summary>
    public required string Image { get; init; }

    /// <summary>The one entry of <c>supportedModelFormats</c>, with autoSelect so that KServe also finds it by format.</summary>
    public required string ModelFormat { get; init; }

    public string? ModelFormatVersion { get; init; }

    /// <summary><c>protocolVersions</c>: the protocol the InferenceService asks for, when it asks for one.</summary>
    public string? ProtocolVersion { get; init; }

    /// <summary>The container's own arguments (KServe appends the InferenceService's args after them).</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>The same labels as the InferenceService, so that one selector finds both.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyMap.Instance;

    /// <summary>The runtime pod's <c>nodeSelector</c>, <c>tolerations</c> and <c>affinity</c> (the InferenceService's, so both agree).</summary>
    public Scheduling.PodScheduling Scheduling { get; init; } = KServe.Scheduling.PodScheduling.None;
}
