using System.Reflection;

namespace Modelcar.KServe.Tests;

/// <summary>
/// Finds the KServe reference data (CRDs, stock runtimes) in <c>../shared/kserve</c> next to the repository. It is
/// not part of the repo, so tests that need it report Inconclusive on a fresh clone, and fail under CI=true.
/// </summary>
internal static class KServeData
{
    private static readonly Lazy<string?> Root = new(Find);

    public static string? Directory => Root.Value;

    /// <summary>The full path of a file under ../shared/kserve, or Inconclusive (the test is skipped; a failure under CI=true) when absent.</summary>
    public static string RequireFile(string relativePath)
    {
        string? root = Directory;
        string? path = root is null ? null : Path.Combine(root, relativePath);
        if (path is null || !File.Exists(path) && !System.IO.Directory.Exists(path))
        {
            TestEnvironment.Missing($"KServe reference data ../shared/kserve not found next to the repository ({relativePath}); " +
                                    "this test needs the CRDs and runtimes copied from kserve/kserve (see README, 'Tests').");
        }
        return path!;
    }

    private static string? Find()
    {
        // An explicit location wins (CI with the data elsewhere; or a missing folder, to see the skip path).
        if (Environment.GetEnvironmentVariable("MODELCAR_KSERVE_DATA") is { Length: > 0 } configured)
        {
            return System.IO.Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        string? buildTimeRoot = typeof(KServeData).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Modelcar.RepositoryRoot")?.Value;
        foreach (string? start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory, buildTimeRoot })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "Modelcar.Sdk.sln"))) continue;
                string candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "kserve"));
                if (System.IO.Directory.Exists(candidate)) return candidate;
                break;
            }
        }
        return null;
    }
}
