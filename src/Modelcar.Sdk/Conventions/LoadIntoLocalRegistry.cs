using System.Diagnostics;
using Modelcar.Sdk.Tasks;

namespace Modelcar.Sdk.Conventions;

/// <summary>
/// <c>LocalRegistry=Docker|Podman</c> (the .NET SDK's name): after the OCI archive is written, loads it into that
/// engine with <c>docker load -i</c> / <c>podman load -i</c>, so <c>docker run</c> or <c>podman run</c> finds the
/// image without a registry. The engine must be on PATH; nothing is pushed anywhere.
/// </summary>
public sealed class LoadIntoLocalRegistry : ModelcarTask
{
    /// <summary>Docker or Podman (any case).</summary>
    public string LocalRegistry { get; set; } = "";

    /// <summary>The OCI archive the publish wrote.</summary>
    public string ArchivePath { get; set; } = "";

    protected override async Task ExecuteAsync(IModelcarLog log, CancellationToken cancellationToken)
    {
        string engine = LocalRegistry.Trim().ToLowerInvariant();
        if (engine is not ("docker" or "podman"))
        {
            throw new ModelcarException(ErrorCodes.InvalidContainerConvention,
                $"LocalRegistry '{LocalRegistry}' is not a container engine this SDK can load into. Use 'Docker' or 'Podman', or leave it empty to only write the OCI archive.");
        }
        string executable = FindOnPath(engine) ?? throw new ModelcarException(ErrorCodes.LocalRegistryLoadFailed,
            $"LocalRegistry is '{LocalRegistry}', but no '{engine}' was found on PATH. Install {LocalRegistry.Trim()} (or put it on PATH), or remove LocalRegistry: the image is in the OCI archive '{ArchivePath}' either way.");

        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "load", "-i", Path.GetFullPath(ArchivePath) }) start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        foreach (string line in (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) log.Info($"  {engine}: {line}");
        if (process.ExitCode != 0)
        {
            string reason = (await error).Trim();
            throw new ModelcarException(ErrorCodes.LocalRegistryLoadFailed,
                $"'{engine} load -i {ArchivePath}' failed with exit code {process.ExitCode}: {(reason.Length > 0 ? reason : "no message")}. Check that the {engine} engine runs (for docker, that the daemon is up and is a version that loads OCI archives; older ones read only docker-save archives).");
        }
        log.Info($"Loaded {Path.GetFileName(ArchivePath)} into {engine}.");
    }

    private static string? FindOnPath(string name)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string candidate in OperatingSystem.IsWindows() ? [name + ".exe", name + ".cmd"] : new[] { name })
            {
                string path = Path.Combine(directory, candidate);
                if (File.Exists(path)) return path;
            }
        }
        return null;
    }
}
