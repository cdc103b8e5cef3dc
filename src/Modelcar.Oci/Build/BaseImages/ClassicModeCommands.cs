using System.Text.Json.Nodes;

namespace Modelcar.Oci.Build.BaseImages;

/// <summary>
/// What KServe's classic modelcar mode (<c>oci://</c>) runs inside the image, and where the image's
/// <c>PATH</c> says to look for it.
/// </summary>
/// <remarks>
/// The init container runs <c>sh -c '… [ -d /models ] &amp;&amp; [ "$(ls -A /models)" ] …'</c> and the sidecar
/// <c>sh -c 'mkdir -p … &amp;&amp; ln -sf /proc/$$/root/models … &amp;&amp; sleep infinity'</c>, with args only:
/// the runtime finds <c>sh</c> on the config's <c>PATH</c>, and <c>sh</c> finds the rest there too.
/// </remarks>
public static class ClassicModeCommands
{
    public static readonly IReadOnlyList<string> Required = ["sh", "ln", "sleep", "ls", "mkdir"];

    /// <summary>What container runtimes use when the image sets no PATH.</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The directories of the config's <c>PATH</c>, in order.</summary>
    public static IReadOnlyList<string> SearchPath(JsonObject? config)
    {
        string path = DefaultPath;
        if (config?["config"]?["Env"] is JsonArray env)
        {
            foreach (JsonNode? variable in env)
            {
                if (variable?.GetValue<string>() is { } text && text.StartsWith("PATH=", StringComparison.Ordinal)) path = text[5..];
            }
        }
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).Where(d => d.StartsWith('/')).ToList();
    }

    /// <summary>For each command, the first <c>PATH</c> entry that holds it as an executable file, or null.</summary>
    public static IReadOnlyDictionary<string, string?> Locate(BaseImageFileTree tree, IReadOnlyList<string> searchPath, IEnumerable<string> commands) =>
        commands.ToDictionary(
            command => command,
            command => searchPath.Select(directory => directory.TrimEnd('/') + "/" + command).FirstOrDefault(tree.IsExecutable),
            StringComparer.Ordinal);
}
