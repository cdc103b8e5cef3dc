
namespace Modelcar.KServe;

/// <summary>Which KServe object serves the model (<c>KServeManifestKind</c>).</summary>
public enum ManifestKind
{
    /// <summary><c>serving.kserve.io/v1beta1</c> InferenceService: a predictor with a serving runtime (the default).</summary>
    InferenceService,

    /// <summary><c>serving.kserve.io/v1alpha2</c> LLMInferenceService: KServe's LLM stack (vLLM, llm-d scheduler and router).</summary>
    LLMInferenceService,
}

public static class ManifestKinds
{
    /// <summary><c>InferenceService</c> (default) or <c>LLMInferenceService</c>, any case; MODELCAR077 otherwise.</summary>
    public static ManifestKind Parse(string? text)
    {
        string value = (text ?? "").Trim();
        if (value.Length == 0 || value.Equals(nameof(ManifestKind.InferenceService), StringComparison.OrdinalIgnoreCase)) return ManifestKind.InferenceService;
        if (value.Equals(nameof(ManifestKind.LLMInferenceService), StringComparison.OrdinalIgnoreCase)) return ManifestKind.LLMInferenceService;
        throw new ModelcarException(ErrorCodes.InvalidLlmInferenceService,
            $"KServeManifestKind '{value}' is not a manifest kind. Use 'InferenceService' (the default) or 'LLMInferenceService' (KServe's LLM stack, serving.kserve.io/v1alpha2).");
    }
}
