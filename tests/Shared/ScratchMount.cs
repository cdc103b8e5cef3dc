using System.Diagnostics;

namespace Modelcar.Testing;

/// <summary>
/// A small tmpfs mounted for one test (a full disk on demand), optionally read-only, unmounted and removed on
/// dispose. Needs root (mount); elsewhere the test is Inconclusive with the reason, and fails under CI=true.
/// </summary>
public sealed class ScratchMount : IDisposable
{
    private ScratchMount(string path) => Path = path;

    public string Path { get; }

    /// <param name="sizeMiB">The file system's size; its free space when empty.</param>
    public static ScratchMount Tmpfs(int sizeMiB, bool readOnly = false)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "modelcar-mount-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(path);
        string options = $"size={sizeMiB}m,mode=0777" + (readOnly ? ",ro" : "");
        (int exit, string output) = Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", path);
        if (exit != 0)
        {
            Directory.Delete(path);
            MissingFacility.Report($"cannot mount a {sizeMiB} MiB tmpfs at {path} (needs root): {output.Trim()}");
        }
        return new ScratchMount(path);
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static (int Exit, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
