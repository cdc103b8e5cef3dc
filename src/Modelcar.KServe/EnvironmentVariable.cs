namespace Modelcar.KServe;

/// <summary>
/// One <c>env</c> entry of the model container. Only literal values: secrets belong in <c>valueFrom</c>, which a
/// manifest committed next to the build output should not carry.
/// </summary>
public sealed record EnvironmentVariable(string Name, string Value);
