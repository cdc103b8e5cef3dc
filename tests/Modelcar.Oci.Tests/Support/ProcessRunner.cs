using System.Diagnostics;

namespace Modelcar.Oci.Tests.Support;

/// <summary>Runs an external tool (skopeo, umoci, tar) and fails with its output when it exits non-zero.</summary>
internal static class ProcessRunner
{
    public sealed record Output(string StandardOutput, string StandardError);

    /// <summary>The tool's full path, or the test is marked inconclusive with the reason.</summary>
    public static string Require(string tool)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        TestEnvironment.Missing($"'{tool}' is not installed (not found on PATH); install it to run this test.");
        return tool;
    }

    public static Output Run(string tool, params string[] arguments) => Run(tool, arguments, stdin: null);

    /// <summary>Runs <paramref name="tool"/>; when <paramref name="stdin"/> is given it is copied to the tool's standard input.</summary>
    public static Output Run(string tool, IReadOnlyList<string> arguments, Stream? stdin)
    {
        var start = new ProcessStartInfo(Require(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            try
            {
                stdin.CopyTo(process.StandardInput.BaseStream, 1024 * 1024);
            }
            finally
            {
                process.StandardInput.Close();
            }
        }
        process.WaitForExit();
        var output = new Output(stdout.Result, stderr.Result);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}.\nstdout:\n{output.StandardOutput}\nstderr:\n{output.StandardError}");
        }
        return output;
    }
}
