using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Modelcar.Signing.Tests;

/// <summary>
/// Runs the independent verifier, sigstore-js (tests/sigstore-verify/verify.js, installed by eng/test-env/install.sh),
/// on a bundle. Its verdict is what the tests assert: our own verifier never checks our own output here.
/// </summary>
internal static class SigstoreJs
{
    public static string RepositoryRoot { get; } = typeof(SigstoreJs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "Modelcar.RepositoryRoot").Value!;

    private static string Script => Path.Combine(RepositoryRoot, "tests", "sigstore-verify", "verify.js");

    public static (bool Ok, JsonNode Result) Verify(params string[] arguments)
    {
        if (!File.Exists(Path.Combine(RepositoryRoot, "tests", "sigstore-verify", "node_modules", "@sigstore", "verify", "package.json")))
        {
            string message = "sigstore-js is not installed in tests/sigstore-verify: run 'bash eng/test-env/install.sh'.";
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(message);
            Assert.Inconclusive(message);
        }
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreNotEqual(2, process.ExitCode, $"verify.js rejected its arguments: {output} {error}");
        var result = JsonNode.Parse(output.Trim().Split('\n').Last()) ?? throw new AssertFailedException($"verify.js printed nothing: {error}");
        return (process.ExitCode == 0, result);
    }
}
