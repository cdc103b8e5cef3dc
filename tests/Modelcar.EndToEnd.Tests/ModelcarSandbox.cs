using System.Diagnostics;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// Runs commands inside an unpacked image's root filesystem the way a container runtime would for KServe's
/// modelcar containers, as far as this machine allows without one: the image's own <c>sh</c>, chrooted into
/// the rootfs, as a given UID, with <c>/proc</c> mounted (in a private mount namespace, so nothing leaks to
/// the host) and an empty, world-writable <c>/mnt</c> standing in for the pod's emptyDir. No PID namespace:
/// like <c>shareProcessNamespace: true</c>, every process sees the others, so <c>/proc/&lt;pid&gt;/root</c> works.
/// </summary>
internal sealed class ModelcarSandbox
{
    private ModelcarSandbox(string rootFs) => RootFs = rootFs;

    public string RootFs { get; }

    /// <summary>A sandbox on <paramref name="rootFs"/>, or the test is inconclusive with the reason it cannot be made here.</summary>
    public static ModelcarSandbox Open(string rootFs)
    {
        // chroot and mount need root; a user namespace could give them, but not a second UID such as 1010.
        string uid = ProcessRunner.Run("id", ["-u"]).EnsureSuccess("id -u").Output.Trim();
        if (uid != "0") Assert.Inconclusive($"Running a modelcar needs chroot and mount as root (UID 0) to run as UID 1010; this test runs as UID {uid}.");
        foreach (string tool in new[] { "unshare", "chroot", "mount" })
        {
            if (ProcessRunner.Run("sh", ["-c", $"command -v {tool}"]).ExitCode != 0) TestEnvironment.Missing($"'{tool}' is not installed (util-linux / coreutils).");
        }
        if (ProcessRunner.Run("unshare", ["--mount", "--propagation", "private", "true"]).ExitCode != 0)
        {
            Assert.Inconclusive("unshare --mount is not permitted here (no CAP_SYS_ADMIN, e.g. in an unprivileged container), so /proc cannot be mounted for the image.");
        }
        Directory.CreateDirectory(Path.Combine(rootFs, "proc"));
        // The pod's emptyDir at /mnt: empty and writable by the modelcar's UID.
        string mnt = Path.Combine(rootFs, "mnt");
        if (Directory.Exists(mnt)) Directory.Delete(mnt, recursive: true);
        Directory.CreateDirectory(mnt);
        File.SetUnixFileMode(mnt, (UnixFileMode)0b111_111_111);
        return new ModelcarSandbox(rootFs);
    }

    /// <summary>Runs <c>sh -c <paramref name="script"/></c> in the image as <paramref name="uid"/> and waits for it.</summary>
    public ProcessResult Run(string script, int uid) =>
        ProcessRunner.Run("unshare", Arguments(script, uid), timeout: TimeSpan.FromMinutes(1));

    /// <summary>Starts <c>sh -c <paramref name="script"/></c> in the image; the process id is the image's <c>sh</c>, so <c>$$</c> matches it.</summary>
    public Process Start(string script, int uid)
    {
        var start = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in Arguments(script, uid)) start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    /// <summary>
    /// unshare execs the host's sh, which mounts /proc and execs chroot, which execs the image's sh: one PID throughout.
    /// The script travels as a positional parameter, so no quoting can change it.
    /// </summary>
    private IEnumerable<string> Arguments(string script, int uid) =>
    [
        "--mount", "--propagation", "private", "sh", "-c",
        "mount -t proc proc \"$2/proc\" && exec chroot --userspec=\"$1\" \"$2\" sh -c \"$3\"",
        "sandbox", $"{uid}:{uid}", RootFs, script,
    ];
}
