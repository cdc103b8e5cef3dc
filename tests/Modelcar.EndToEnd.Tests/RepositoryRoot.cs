using System.Reflection;

namespace Modelcar.EndToEnd.Tests;

internal static class RepositoryRoot
{
    /// <summary>The folder holding Modelcar.Sdk.sln, as recorded when the tests were built.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        string? recorded = typeof(RepositoryRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(System.IO.Path.Combine(recorded, "Modelcar.Sdk.sln"))) return recorded;
        throw new InvalidOperationException($"Modelcar.Sdk.sln not found in '{recorded}': run the tests from a checkout of the repository.");
    }
}
