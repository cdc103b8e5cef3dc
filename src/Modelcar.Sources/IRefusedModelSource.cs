namespace Modelcar.Sources;

/// <summary>
/// A scheme the SDK recognises only to refuse it with advice (gs://): routed like any source, but not listed
/// among the supported schemes in MODELCAR018.
/// </summary>
public interface IRefusedModelSource : IModelSource;
