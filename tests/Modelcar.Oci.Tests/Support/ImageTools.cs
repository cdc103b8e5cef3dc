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
        string layout = work.Combine("layout");
        string bundle = work.Combine("bundle");
        List<string> copy = ["copy", "--quiet"];
        if (image.StartsWith("docker://", StringComparison.Ordinal)) copy.Add("--src-tls-verify=false");
        copy.AddRange([image, $"oci:{layout}:x"]);
        ProcessRunner.Run("skopeo", [.. copy]);
        ProcessRunner.Run("umoci", "unpack", "--image", $"{layout}:x", bundle);
        return Path.Combine(bundle, "rootfs");
    }
}
