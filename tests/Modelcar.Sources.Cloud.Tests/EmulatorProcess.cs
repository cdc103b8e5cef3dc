using System.Diagnostics;
using System.Net.Sockets;
using Modelcar.Testing;

namespace Modelcar.Sources.Cloud.Tests;

/// <summary>
/// A storage emulator (Azurite, s3rver) a test starts on a port of its own, for a setup the shared environment
/// cannot offer (an https endpoint with a certificate from a CA the test makes); stopped, with its children, on dispose.
/// </summary>
internal sealed class EmulatorProcess : IDisposable
{
    private readonly Process _process;

    private EmulatorProcess(Process process) => _process = process;

    /// <summary>Starts <paramref name="command"/> and waits until it listens on <paramref name="port"/>.</summary>
    public static async Task<EmulatorProcess> StartAsync(string command, int port, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            MissingFacility.Report($"{command} cannot be started ({e.Message}); install it with eng/test-env/install.sh.");
            throw;
        }
        var emulator = new EmulatorProcess(process);
        try
        {
            await WaitForPortAsync(command, port);
            return emulator;
        }
        catch
        {
            emulator.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static async Task WaitForPortAsync(string command, int port)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        Assert.Fail($"{command} did not listen on {port} within 10 s");
    }
}
