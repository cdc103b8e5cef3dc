using System.Reflection;

namespace Modelcar.Sdk.Tests;

/// <summary>The repository these tests were built from (recorded at build time, so -p:ArtifactsPath elsewhere still finds it).</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = typeof(RepositoryRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "Modelcar.RepositoryRoot").Value!;
}
