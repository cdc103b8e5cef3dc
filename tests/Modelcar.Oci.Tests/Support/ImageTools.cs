using System.Text.Json.Nodes;

namespace Modelcar.Oci.Tests.Support;

/// <summary>skopeo and umoci, the independent readers a published image must satisfy.</summary>
internal static class ImageTools
{
    /// <summary><c>skopeo inspect</c> of a transport reference such as <c>oci-archive:/x.oci.tar</c>.</summary>
    public static JsonObject Inspect(string image, bool config = false, bool raw = false)
    {
        List<string> arguments = ["inspect"];
        if (image.StartsWith("docker://", StringComparison.Ordinal)) arguments.Add("--tls-verify=false");
        if (config) arguments.Add("--config");
        if (raw) arguments.Add("--raw");
        arguments.Add(image);
        return JsonNode.Parse(ProcessRunner.Run("skopeo", [.. arguments]).StandardOutput)!.AsObject();
    }

    /// <summary>Copies <paramref name="image"/> into an OCI layout under <paramref name="work"/> and unpacks it with umoci; returns the rootfs.</summary>
    public static string Unpack(string image, TempDirectory work)
    {
        ProcessRunner.Require("umoci");
        string layout = CopyToLayout(image, work);
        string bundle = work.Combine("bundle");
        ProcessRunner.Run("umoci", "unpack", "--image", $"{layout}:x", bundle);
        return Path.Combine(bundle, "rootfs");
    }

    /// <summary>
    /// For zstd layers, which Debian's umoci 0.4.7 does not read: skopeo copies <paramref name="image"/> into an OCI
    /// layout (checking every blob's digest) and GNU tar extracts the layers in order, detecting gzip or zstd itself.
    /// Enough for modelcar layers, which hold no whiteouts. Returns the rootfs.
    /// </summary>
    public static string UnpackWithTar(string image, TempDirectory work)
    {
        ProcessRunner.Require("zstd");
        string layout = CopyToLayout(image, work);
        string rootfs = work.Combine("rootfs");
        Directory.CreateDirectory(rootfs);
        JsonNode index = JsonNode.Parse(File.ReadAllText(Path.Combine(layout, "index.json")))!;
        JsonNode manifest = JsonNode.Parse(File.ReadAllText(BlobPath(layout, (string)index["manifests"]![0]!["digest"]!)))!;
        foreach (JsonNode? layer in manifest["layers"]!.AsArray())
        {
            ProcessRunner.Run("tar", "-x", "-f", BlobPath(layout, (string)layer!["digest"]!), "-C", rootfs);
        }
        return rootfs;
    }

    /// <summary><c>skopeo copy</c> into the OCI layout <c>work/layout</c>, tagged <c>x</c>; skopeo checks every blob's digest on the way.</summary>
    private static string CopyToLayout(string image, TempDirectory work)
    {
        string layout = work.Combine("layout");
        List<string> copy = ["copy", "--quiet"];
        if (image.StartsWith("docker://", StringComparison.Ordinal)) copy.Add("--src-tls-verify=false");
        copy.AddRange([image, $"oci:{layout}:x"]);
        ProcessRunner.Run("skopeo", [.. copy]);
        return layout;
    }

    private static string BlobPath(string layout, string digest) => Path.Combine(layout, "blobs", digest.Replace(':', Path.DirectorySeparatorChar));
}
