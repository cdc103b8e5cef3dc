namespace Modelcar.Sources;

/// <summary>One <c>ModelFile</c> item after MSBuild expanded its glob: a local path and where it should go.</summary>
/// <param name="SourcePath">The item's full path.</param>
/// <param name="TargetPath">The path under /models MSBuild computed (glob's recursive part + file name, or TargetPath metadata).</param>
/// <param name="Origin">The item as written, for messages.</param>
public sealed record ModelFileSpec(string SourcePath, string TargetPath, string Origin);
