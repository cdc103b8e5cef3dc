using System.Text.Json.Nodes;

namespace Modelcar.Oci.Build.ImageDocuments;

/// <summary>
/// Adds the project's labels and environment variables to an image config's <c>config</c> object, on top of the
/// base's: a label or variable the base already has takes the project's value (as a Dockerfile LABEL/ENV would).
/// </summary>
internal static class ConfigLabelsAndEnv
{
    public static void Apply(JsonObject runtime, IReadOnlyList<KeyValuePair<string, string>> labels, IReadOnlyList<KeyValuePair<string, string>> environment)
    {
        if (labels.Count > 0)
        {
            JsonObject target = runtime["Labels"] as JsonObject ?? new JsonObject();
            runtime["Labels"] = target;
            foreach ((string key, string value) in labels) target[key] = value;
        }
        if (environment.Count > 0)
        {
            JsonArray env = runtime["Env"] as JsonArray ?? [];
            runtime["Env"] = env;
            foreach ((string name, string value) in environment)
            {
                // Env entries are NAME=value strings; the last one of a name wins in a runtime, but one entry is clearer.
                for (int i = env.Count - 1; i >= 0; i--)
                {
                    if (env[i]?.GetValue<string>() is { } entry && entry.Split('=', 2)[0] == name) env.RemoveAt(i);
                }
                env.Add(name + "=" + value);
            }
        }
    }
}
