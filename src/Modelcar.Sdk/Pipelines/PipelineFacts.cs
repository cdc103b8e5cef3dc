namespace Modelcar.Sdk.Pipelines;

/// <summary>What a publish produced, as a CI system's later steps need it. Paths may be empty when not produced.</summary>
public sealed record PipelineFacts(
    string ProjectName,
    string ImageReference,
    string ImageDigest,
    string InferenceServicePath,
    string ImageJsonPath,
    string ArchivePath);
