namespace Modelcar.KServe;

/// <summary>A finding that does not stop the build, with the stable code MSBuild logs it under.</summary>
public sealed record ManifestWarning(string Code, string Message);
