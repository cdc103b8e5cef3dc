using System.Globalization;
using System.Text.Json.Nodes;
using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Build.Inherited;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Build.ImageDocuments;

/// <summary>
/// Writes the modelcar's image config: the base's config with the model layers appended to
/// <c>rootfs.diff_ids</c> and <c>history</c>, <c>User</c> set to the UID and <c>Entrypoint</c> cleared.
/// </summary>
/// <remarks>
/// KServe starts the modelcar with args only (never a command), so the base's entrypoint, left in place,
/// would receive <c>sh -c '…'</c> as its own arguments and the sidecar would never link /models.
/// </remarks>
public static class ImageConfigBuilder
{
    /// <param name="layers">The model layers' diff_ids (digests of their uncompressed tars) and history lines.</param>
    /// <param name="inherited">Layers of oci:// sources, placed before <paramref name="layers"/>; compressed ones have their own diff_id.</param>
    /// <param name="labels">ContainerLabel items: set in <c>config.Labels</c> over the base's labels of the same key.</param>
    /// <param name="environment">ContainerEnvironmentVariable items: set in <c>config.Env</c>, replacing the base's value of the same name.</param>
    public static byte[] Build(BaseImage baseImage, string user, IReadOnlyList<(Digest DiffId, string CreatedBy)> layers, DateTimeOffset created, out bool clearedEntrypoint, IReadOnlyList<InheritedModelLayer>? inherited = null,
        IReadOnlyList<KeyValuePair<string, string>>? labels = null, IReadOnlyList<KeyValuePair<string, string>>? environment = null)
    {
        JsonObject config = baseImage.Config?.DeepClone().AsObject() ?? NewScratchConfig(baseImage.Platform);
        string createdText = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        config["created"] = createdText;
        JsonObject runtime = config["config"] as JsonObject ?? new JsonObject();
        config["config"] = runtime;
        runtime["User"] = user;
        clearedEntrypoint = runtime["Entrypoint"] is JsonArray { Count: > 0 } or JsonValue;
        runtime.Remove("Entrypoint");
        ConfigLabelsAndEnv.Apply(runtime, labels ?? [], environment ?? []);

        JsonObject rootfs = config["rootfs"] as JsonObject ?? new JsonObject { ["type"] = "layers" };
        config["rootfs"] = rootfs;
        JsonArray diffIds = rootfs["diff_ids"] as JsonArray ?? [];
        rootfs["diff_ids"] = diffIds;
        JsonArray history = config["history"] as JsonArray ?? [];
        config["history"] = history;

        var entries = (inherited ?? []).Select(l => (DiffId: l.DiffId, CreatedBy: l.Description)).Concat(layers);
        foreach ((Digest diffId, string createdBy) in entries)
        {
            diffIds.Add(diffId.ToString());
            history.Add(new JsonObject
            {
                ["created"] = createdText,
                ["created_by"] = createdBy,
                ["comment"] = "Modelcar.Sdk",
            });
        }
        if (clearedEntrypoint)
        {
            history.Add(new JsonObject
            {
                ["created"] = createdText,
                ["created_by"] = "ENTRYPOINT []",
                ["comment"] = "Modelcar.Sdk: KServe passes args only",
                ["empty_layer"] = true,
            });
        }
        return System.Text.Encoding.UTF8.GetBytes(config.ToJsonString(OciJson.Options));
    }

    private static JsonObject NewScratchConfig(Platform platform)
    {
        var config = new JsonObject
        {
            ["architecture"] = platform.Architecture,
            ["os"] = platform.OS,
        };
        if (platform.Variant is not null) config["variant"] = platform.Variant;
        config["config"] = new JsonObject();
        return config;
    }
}
