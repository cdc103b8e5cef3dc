using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Modelcar.Oci.Registry.Credentials;

/// <summary>
/// Runs <c>docker-credential-&lt;name&gt; get</c> with docker's helper protocol: the server URL on stdin, a JSON object
/// <c>{ServerURL, Username, Secret}</c> on stdout. A helper that does not know the server says
/// "credentials not found" and exits non-zero; that is "no credential", not an error. Stdout is never quoted in a
/// message because it carries the secret.
/// </summary>
public static class CredentialHelper
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string ExecutableName(string helper) => $"docker-credential-{helper}";

    /// <summary>Null when the helper has nothing for <paramref name="serverUrl"/>; throws when it is missing or fails.</summary>
    public static async Task<RegistryCredential?> GetAsync(string helper, string serverUrl, string configFile, CancellationToken ct)
    {
        string executable = ExecutableName(helper);
        var start = new ProcessStartInfo(executable, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception();
        }
        catch (Win32Exception e)
        {
            throw new ModelcarException(ErrorCodes.CredentialHelperNotFound,
                $"'{configFile}' says to get the credentials for '{serverUrl}' from the helper '{executable}', but it cannot be started ({e.Message}). Install it on PATH (executable), or remove '{helper}' from credHelpers/credsStore in that file.");
        }

        using (process)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(Timeout);
            try
            {
                try
                {
                    await process.StandardInput.WriteAsync(serverUrl).ConfigureAwait(false);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The helper exited without reading stdin; its exit code and output below tell why.
                }
                var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                string output = await stdout.ConfigureAwait(false);
                string error = await stderr.ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    if (IsNotFound(output) || IsNotFound(error)) return null;
                    throw Failed(executable, serverUrl, $"it exited with code {process.ExitCode}{StderrHint(error)}");
                }
                return Parse(output) ?? throw Failed(executable, serverUrl, "its output is not the JSON object {ServerURL, Username, Secret}");
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                TryKill(process);
                throw Failed(executable, serverUrl, $"it did not answer within {Timeout.TotalSeconds:0} seconds (is it waiting for a password prompt or a locked keychain?)");
            }
            catch (OperationCanceledException)
            {
                TryKill(process);
                throw;
            }
        }
    }

    internal static RegistryCredential? Parse(string output)
    {
        try
        {
            using var document = JsonDocument.Parse(output);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            string? user = root.TryGetProperty("Username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            string? secret = root.TryGetProperty("Secret", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (string.IsNullOrEmpty(secret)) return null;
            // The helper protocol's marker for an identity (refresh) token, as ACR's `az acr login` stores it.
            return user == "<token>" ? new RegistryCredential(null, null, secret) : new RegistryCredential(user, secret);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsNotFound(string text) => text.Contains("credentials not found", StringComparison.OrdinalIgnoreCase);

    // A helper's stderr is its error message (no secret); the first line is enough to tell "keychain locked" apart.
    private static string StderrHint(string error)
    {
        string line = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return line.Length == 0 ? "" : $": {(line.Length > 200 ? line[..200] + "..." : line)}";
    }

    private static ModelcarException Failed(string executable, string serverUrl, string why) =>
        new(ErrorCodes.CredentialHelperFailed,
            $"The credential helper '{executable}' failed to get the credentials for '{serverUrl}': {why}. Run 'echo {serverUrl} | {executable} get' to see the problem, or log in again.");

    private static void TryKill(Process process)
    {
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
    }
}
