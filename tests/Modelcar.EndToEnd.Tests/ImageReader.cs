using System.Security.Cryptography;
using System.Text.Json;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// Reads a published image back with the tools a cluster's world uses: skopeo copies it out of the
/// registry or archive, umoci unpacks it into a root filesystem.
/// </summary>
internal sealed class ImageReader
{
    private ImageReader(string bundle, JsonDocument config)
    {
        RootFs = Path.Combine(bundle, "rootfs");
        Config = config;
    }

    public string RootFs { get; }

    public JsonDocument Config { get; }

    public string ModelsFolder => Path.Combine(RootFs, "models");

    /// <param name="source">A skopeo transport reference: <c>docker://…</c> or <c>oci-archive:…</c>.</param>
    public static ImageReader Unpack(string source)
    {
        string work = Path.Combine(SdkPackage.Work, "unpack-" + Guid.NewGuid().ToString("N")[..8]);
        string layout = Path.Combine(work, "layout");
        Directory.CreateDirectory(work);
        ProcessRunner.Run("skopeo", ["copy", "--quiet", "--src-tls-verify=false", source, $"oci:{layout}:image"]).EnsureSuccess("skopeo copy");
        string configJson = ProcessRunner.Run("skopeo", ["inspect", "--config", $"oci:{layout}:image"]).EnsureSuccess("skopeo inspect --config").Output;
        string bundle = Path.Combine(work, "bundle");
        ProcessRunner.Run("umoci", ["unpack", "--image", $"{layout}:image", bundle]).EnsureSuccess("umoci unpack");
        return new ImageReader(bundle, JsonDocument.Parse(configJson));
    }

    public static string Sha256Of(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Every file under /models with its sha256, keyed by path relative to /models.</summary>
    public Dictionary<string, string> ModelFileHashes() =>
        Directory.EnumerateFiles(ModelsFolder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(ModelsFolder, f).Replace('\\', '/'), Sha256Of);
}
