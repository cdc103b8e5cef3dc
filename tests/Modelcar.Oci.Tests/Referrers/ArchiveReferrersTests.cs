using System.Text.Json.Nodes;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Referrers;

/// <summary>Referrers inside an OCI archive: index.json names them, and each is a manifest whose subject is the image. Read with GNU tar and skopeo.</summary>
[TestClass]
public sealed class ArchiveReferrersTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ArchiveOutput_CarriesItsReferrers_ReachableFromIndexJson()
    {
        using var model = new TestModel(largeFileSize: 64 * 1024);
        using var work = new TempDirectory();
        string archive = work.Combine("model.oci.tar");
        PublishResult result;
        await using (var target = await OciArchiveTarget.CreateAsync(archive, ImageReference.Parse("localhost/acme/model:1.0"), 0, TestContext.CancellationToken))
        {
            result = await RegistryReferrersTests.PublishAsync(target, model, TestContext.CancellationToken,
                RegistryReferrersTests.Note("first"), RegistryReferrersTests.Note("second"));
        }

        string extracted = work.Combine("layout");
        Directory.CreateDirectory(extracted);
        ProcessRunner.Run("tar", "-x", "-f", archive, "-C", extracted);
        JsonArray manifests = JsonNode.Parse(File.ReadAllText(Path.Combine(extracted, "index.json")))!["manifests"]!.AsArray();
        Assert.HasCount(3, manifests);
        Assert.AreEqual(result.Manifest.Digest.ToString(), (string?)manifests[0]!["digest"], "the image comes first, under its tag");
        Assert.AreEqual("1.0", (string?)manifests[0]!["annotations"]!["org.opencontainers.image.ref.name"]);
        foreach (JsonNode? entry in manifests.Skip(1))
        {
            Assert.AreEqual("application/vnd.example.note.v1", (string?)entry!["artifactType"]);
            Assert.IsNull(entry["annotations"]!["org.opencontainers.image.ref.name"], "a referrer is not a tagged image");
            string blob = Path.Combine(extracted, "blobs", "sha256", ((string)entry["digest"]!)["sha256:".Length..]);
            JsonNode manifest = JsonNode.Parse(File.ReadAllText(blob))!;
            Assert.AreEqual(result.Manifest.Digest.ToString(), (string?)manifest["subject"]!["digest"]);
            foreach (JsonNode? layer in manifest["layers"]!.AsArray().Append(manifest["config"]))
            {
                Assert.IsTrue(File.Exists(Path.Combine(extracted, "blobs", "sha256", ((string)layer!["digest"]!)["sha256:".Length..])), $"{layer["digest"]} is in the archive");
            }
        }
        CollectionAssert.AreEquivalent(result.Referrers.Select(r => r.Digest.ToString()).ToArray(), manifests.Skip(1).Select(m => (string?)m!["digest"]).ToArray());

        // skopeo still reads the image by its tag (an archive with several entries needs the tag named).
        Assert.AreEqual(result.Manifest.Digest.ToString(), (string?)ImageTools.Inspect($"oci-archive:{archive}:1.0")["Digest"]);
    }
}
