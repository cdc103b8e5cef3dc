using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// image.json gives every local model file its sha256 (learned from the one read that builds its layer, and
/// carried by the digest cache when a republish reads nothing), and writes media types with a literal '+'.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class ImageJsonFileDigestTests
{
    [TestMethod]
    public void Publish_RecordsEachLocalFilesSha256_AlsoWhenTheDigestCacheSkipsTheRead_AndKeepsPlusInMediaTypes()
    {
        string repository = "e2e/filedigests-" + Guid.NewGuid().ToString("N")[..8];
        var project = new ModelProject("filedigests", $"""
                <ContainerRegistry>{TestEnvironment.Registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
                <KServeModelFormat>onnx</KServeModelFormat>
                <ModelcarLargeFileThreshold>8KB</ModelcarLargeFileThreshold>
                <ModelcarSmallFileCompression>gzip</ModelcarSmallFileCompression>
            """);
        var expected = new Dictionary<string, string>
        {
            ["/models/weights.bin"] = project.AddRandomFile("weights.bin", 64 * 1024),
        };
        byte[] config = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"hidden_size\": 4096}\n", 200)));
        File.WriteAllBytes(Path.Combine(project.Directory, "model", "config.json"), config);
        expected["/models/config.json"] = Convert.ToHexStringLower(SHA256.HashData(config));

        project.Publish().EnsureSuccess("first dotnet publish");
        string first = File.ReadAllText(Path.Combine(project.PublishDirectory, "filedigests.image.json"));
        project.Publish().EnsureSuccess("second dotnet publish (digest cache hit)");
        string second = File.ReadAllText(Path.Combine(project.PublishDirectory, "filedigests.image.json"));

        StringAssert.Contains(first, "application/vnd.oci.image.layer.v1.tar+gzip");
        Assert.DoesNotContain("\\u002B", first, "a '+' is written as itself");
        AssertFileDigests(first, expected);
        using JsonDocument republished = JsonDocument.Parse(second);
        string[] modelOutcomes = republished.RootElement.GetProperty("layers").EnumerateArray()
            .Where(l => !l.GetProperty("base").GetBoolean()).Select(l => l.GetProperty("outcome").GetString()!).ToArray();
        CollectionAssert.AreEqual(new[] { "existed", "existed" }, modelOutcomes, "the republish answered from the digest cache, reading no model file");
        AssertFileDigests(second, expected);
    }

    private static void AssertFileDigests(string imageJson, Dictionary<string, string> expected)
    {
        using JsonDocument document = JsonDocument.Parse(imageJson);
        var actual = document.RootElement.GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("sha256").GetString());
        CollectionAssert.AreEquivalent(expected.ToList(), actual.ToList(), imageJson);
    }
}
