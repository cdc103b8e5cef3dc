using System.Collections.Concurrent;
using Modelcar.Oci.Build;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Oci.Registry;
using Modelcar.Oci.Tar;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Attestations.Tests;

/// <summary>
/// With the ModelPack view and both statements on, every model file is opened exactly once in a publish: the
/// statements and the view take their digests from the layer's one read. Counted through the file opener seam
/// (<see cref="StreamedFile.Open"/>), which every read of a model file goes through.
/// </summary>
[TestClass]
public sealed class SingleReadTests
{
    public TestContext TestContext { get; set; } = null!;

    private static (IReadOnlyList<PlannedLayer> Layers, ConcurrentDictionary<string, int> Opens) CountingPlan(TestModel model)
    {
        var opens = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var files = model.PlannedFiles.Select(f =>
        {
            string path = ((LocalFile)f.Source).Path;
            return f with
            {
                Source = new StreamedFile(path, () =>
                {
                    opens.AddOrUpdate(f.TargetPath, 1, (_, n) => n + 1);
                    return File.OpenRead(path);
                }),
            };
        });
        return (LayerPlanner.Plan(files, new LayerPlanOptions()), opens);
    }

    [TestMethod]
    [TestCategory("Registry")]
    public async Task RegistryPublish_WithModelPackAndStatements_OpensEachModelFileOnce()
    {
        using var model = new TestModel(textFiles: true);
        (IReadOnlyList<PlannedLayer> layers, ConcurrentDictionary<string, int> opens) = CountingPlan(model);
        using RegistryClient client = Publishing.Client(TestEnvironment.Registry);

        PublishResult result = await Publishing.PublishAsync(new RegistryImageTarget(client, Publishing.NewRepository("single-read")), Publishing.Request(layers, Publishing.Everything()), TestContext.CancellationToken);

        Assert.HasCount(3, result.Referrers);
        CollectionAssert.AreEquivalent(model.Files.Keys.ToArray(), opens.Keys.ToArray());
        Assert.IsTrue(opens.Values.All(n => n == 1), string.Join(", ", opens.Select(o => $"{o.Key}: {o.Value}")));
        AssertDigestsAreTheFiles(model, result);
    }

    [TestMethod]
    [TestCategory("Registry")]
    public async Task Republish_FromTheDigestCache_ReadsNoModelFile_AndTheStatementsStillNameEveryDigest()
    {
        using var model = new TestModel(textFiles: true);
        using var work = new TempDirectory();
        string cachePath = work.Combine("digests.json");
        using RegistryClient client = Publishing.Client(TestEnvironment.Registry);
        string repository = Publishing.NewRepository("cached");
        // Files opened through the counting seam are streamed files, which the cache never trusts; these are plain
        // local files. A plain layer the cache does not answer is streamed and sent again (Uploaded), so Existed
        // for every model layer means none was read.
        async Task<PublishResult> PublishAsync()
        {
            var cache = LayerDigestCache.Load(cachePath);
            PublishResult result = await Publishing.PublishAsync(new RegistryImageTarget(client, repository, cache), Publishing.Request(model.Plan(), Publishing.Everything()), TestContext.CancellationToken);
            cache.Save();
            return result;
        }

        PublishResult first = await PublishAsync();
        PublishResult second = await PublishAsync();

        Assert.IsTrue(second.Layers.All(l => l.Outcome == BlobOutcome.Existed), string.Join(", ", second.Layers.Select(l => l.Outcome)));
        Assert.AreEqual(first.Manifest.Digest, second.Manifest.Digest);
        CollectionAssert.AreEqual(first.Referrers.Select(r => r.Digest).ToArray(), second.Referrers.Select(r => r.Digest).ToArray(), "the same statements, byte for byte");
        AssertDigestsAreTheFiles(model, second);
    }

    [TestMethod]
    public async Task ArchivePublish_WithModelPackAndStatements_OpensEachModelFileOnce_AndIndexJsonNamesTheReferrers()
    {
        using var model = new TestModel(textFiles: true);
        (IReadOnlyList<PlannedLayer> layers, ConcurrentDictionary<string, int> opens) = CountingPlan(model);
        using var work = new TempDirectory();
        string archive = work.Combine("model.oci.tar");
        PublishResult result;
        await using (var target = await OciArchiveTarget.CreateAsync(archive, ImageReference.Parse("localhost/acme/model:1.0"), 0, TestContext.CancellationToken))
        {
            result = await Publishing.PublishAsync(target, Publishing.Request(layers, Publishing.Everything()), TestContext.CancellationToken);
        }

        Assert.IsTrue(opens.Values.All(n => n == 1), string.Join(", ", opens.Select(o => $"{o.Key}: {o.Value}")));
        AssertDigestsAreTheFiles(model, result);
        string extracted = work.Combine("layout");
        Directory.CreateDirectory(extracted);
        ProcessRunner.Run("tar", "-x", "-f", archive, "-C", extracted);
        var index = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(extracted, "index.json")))!;
        CollectionAssert.AreEquivalent(
            new[] { "application/vnd.cncf.model.manifest.v1+json", "application/vnd.in-toto+json", "application/vnd.in-toto+json" },
            index["manifests"]!.AsArray().Skip(1).Select(m => (string?)m!["artifactType"]).ToArray());
    }

    /// <summary>The digests the publish reports are the files' own sha256, computed here from the files on disk.</summary>
    private static void AssertDigestsAreTheFiles(TestModel model, PublishResult result)
    {
        var reported = result.ModelLayers.SelectMany(l => l.Files).ToDictionary(f => f.TargetPath, f => f.Sha256?.ToString());
        foreach ((string target, string source) in model.Files)
        {
            Assert.AreEqual("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(source))), reported[target], target);
        }
    }
}
