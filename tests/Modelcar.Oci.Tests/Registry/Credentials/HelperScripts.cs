using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Registry.Credentials;

/// <summary>
/// Real docker-credential-* helpers: small shell scripts in a directory put on PATH for the test process (a
/// helper is just an executable that speaks the protocol, so a script is a faithful one). Names are unique per
/// run so that prepending the directory to PATH cannot affect other tests.
/// </summary>
internal sealed class HelperScripts : IDisposable
{
    private readonly TempDirectory _directory = new();
    private static readonly object PathLock = new();

    public HelperScripts()
    {
        lock (PathLock)
        {
            Environment.SetEnvironmentVariable("PATH", $"{_directory.Path}:{Environment.GetEnvironmentVariable("PATH")}");
        }
    }

    /// <summary>Writes a helper that answers with the credential for <paramref name="server"/> and logs its input.</summary>
    public string AddHelper(string user, string secret, string server)
    {
        string name = "modelcar-test-" + Guid.NewGuid().ToString("N")[..12];
        string stdinLog = _directory.Combine(name + ".stdin");
        Write(name, $$"""
            #!/bin/sh
            [ "$1" = get ] || { echo "unsupported $1" >&2; exit 2; }
            read -r server
            printf '%s' "$server" > '{{stdinLog}}'
            if [ "$server" = '{{server}}' ]; then
              printf '{"ServerURL":"%s","Username":"{{user}}","Secret":"{{secret}}"}\n' "$server"
            else
              echo "credentials not found in native keychain"
              exit 1
            fi
            """);
        return name;
    }

    /// <summary>A helper that fails like a locked keychain.</summary>
    public string AddFailingHelper()
    {
        string name = "modelcar-test-" + Guid.NewGuid().ToString("N")[..12];
        Write(name, """
            #!/bin/sh
            cat >/dev/null
            echo "error: keychain is locked" >&2
            exit 3
            """);
        return name;
    }

    public string? StdinOf(string name) =>
        File.Exists(_directory.Combine(name + ".stdin")) ? File.ReadAllText(_directory.Combine(name + ".stdin")) : null;

    private void Write(string name, string script)
    {
        string path = _directory.Combine("docker-credential-" + name);
        File.WriteAllText(path, script.Replace("\r\n", "\n") + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => _directory.Dispose();
}
