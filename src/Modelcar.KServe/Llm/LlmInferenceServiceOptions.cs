namespace Modelcar.KServe.Llm;

/// <summary>
/// An LLMInferenceService for the modelcar: the identity, image, container and pod settings it shares with the
/// InferenceService (<see cref="Common"/>, filled by the same mapping from the project), plus what only an
/// LLMInferenceService has. Fields an LLMInferenceService cannot carry (a runtime, a model format version, Knative,
/// min/max replicas, the list form of storage URIs) must be unset in <see cref="Common"/>: <see cref="LlmInferenceServiceWriter"/>
/// refuses them rather than drop them silently.
/// </summary>
public sealed record LlmInferenceServiceOptions
{
    public required InferenceServiceOptions Common { get; init; }

    /// <summary><c>spec.model.name</c>: the name vLLM serves the model under (<c>--served-model-name</c>); null uses the repository.</summary>
    public string? ModelName { get; init; }

    /// <summary><c>spec.replicas</c>: a fixed count (autoscaling needs KEDA or WVA settings, written by hand); null leaves KServe's default.</summary>
    public int? Replicas { get; init; }

    /// <summary>The model name written: <see cref="ModelName"/>, or the image's repository (<c>acme/granite-3.1-8b</c>).</summary>
    public string EffectiveModelName => ModelName ?? Common.Image.Repository;
}
