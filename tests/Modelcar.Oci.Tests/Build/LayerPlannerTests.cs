using Modelcar.Oci.Build;
using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Tests.Build;

[TestClass]
public sealed class LayerPlannerTests
{
    private const long MiB = LayerPlanOptions.MiB;

    private static PlannedFile File(string path, long size) => new(path, size, new LocalFile("/src/" + path));

    private static string[][] Paths(IReadOnlyList<PlannedLayer> plan) =>
        plan.Select(l => l.Files.Select(f => f.TargetPath).ToArray()).ToArray();

    private static void AssertSamePlan(IReadOnlyList<PlannedLayer> expected, IReadOnlyList<PlannedLayer> actual)
    {
        Assert.HasCount(expected.Count, actual);
        for (int i = 0; i < expected.Count; i++)
        {
            CollectionAssert.AreEqual(expected[i].Files.ToArray(), actual[i].Files.ToArray(), $"layer {i}");
            Assert.AreEqual(expected[i].Content.Length, actual[i].Content.Length, $"layer {i}");
            CollectionAssert.AreEqual(expected[i].Content.Entries.ToArray(), actual[i].Content.Entries.ToArray(), $"layer {i}");
        }
    }

    [TestMethod]
    public void LargeFiles_GetALayerEach_SmallFilesShareOne()
    {
        PlannedFile[] files =
        [
            File("model-00002-of-00003.safetensors", 40 * MiB),
            File("config.json", 700),
            File("model-00001-of-00003.safetensors", 16 * MiB),
            File("tokenizer/tokenizer.json", 2 * MiB),
            File("model-00003-of-00003.safetensors", 20 * MiB),
            File("generation_config.json", 100),
        ];

        IReadOnlyList<PlannedLayer> plan = LayerPlanner.Plan(files, new LayerPlanOptions());

        string[][] layers = Paths(plan);
        Assert.HasCount(4, layers);
        CollectionAssert.AreEqual(new[] { "model-00001-of-00003.safetensors" }, layers[0]);
        CollectionAssert.AreEqual(new[] { "model-00002-of-00003.safetensors" }, layers[1]);
        CollectionAssert.AreEqual(new[] { "model-00003-of-00003.safetensors" }, layers[2]);
        CollectionAssert.AreEqual(new[] { "config.json", "generation_config.json", "tokenizer/tokenizer.json" }, layers[3]);
        Assert.AreEqual("COPY model-00001-of-00003.safetensors /models/", plan[0].Description);
        Assert.AreEqual("COPY 3 files /models/", plan[3].Description);
    }

    [TestMethod]
    public void SmallFileCompression_AppliesToTheSmallFileLayersOnly()
    {
        PlannedFile[] files = [File("a.safetensors", 20 * MiB), File("b.safetensors", 30 * MiB), File("config.json", 100), File("tokenizer.json", 5 * MiB)];

        IReadOnlyList<PlannedLayer> plain = LayerPlanner.Plan(files, new LayerPlanOptions());
        IReadOnlyList<PlannedLayer> zstd = LayerPlanner.Plan(files, new LayerPlanOptions { SmallFileCompression = LayerCompression.Zstd });

        Assert.IsTrue(plain.All(l => l.Compression == LayerCompression.None));
        AssertSamePlan(plain, zstd);
        CollectionAssert.AreEqual(
            new[] { LayerCompression.None, LayerCompression.None, LayerCompression.Zstd },
            zstd.Select(l => l.Compression).ToArray(),
            string.Join(" | ", Paths(zstd).Select(p => string.Join(",", p))));
    }

    [TestMethod]
    public void Layers_HoldTheFilesUnderTheModelsRoot_WithTheirDirectories()
    {
        IReadOnlyList<PlannedLayer> plan = LayerPlanner.Plan([File("a/b/c.json", 5)], new LayerPlanOptions { Mtime = 1234 });

        PlannedLayer layer = plan.Single();
        CollectionAssert.AreEqual(new[] { "models/", "models/a/", "models/a/b/", "models/a/b/c.json" }, layer.Content.Entries.Select(e => e.Path).ToArray());
        TarEntry file = layer.Content.Entries[^1];
        Assert.AreEqual(TarEntryKind.File, file.Kind);
        Assert.AreEqual(5, file.Size);
        Assert.AreEqual(new LocalFile("/src/a/b/c.json"), file.Source);
        Assert.AreEqual(1234, layer.Content.Mtime);
    }

    [TestMethod]
    public void MoreShardsThanTheBudget_AreGroupedIntoExactlyTheBudget_BalancedBySize()
    {
        // 100 layers minus 96 from the base leaves 4; the small files take one, so 3 for 10 shards.
        long[] sizes = [50, 20, 20, 20, 90, 17, 17, 40, 30, 60];
        PlannedFile[] shards = sizes.Select((s, i) => File($"shard-{i:D2}.bin", s * MiB)).ToArray();
        PlannedFile[] files = [.. shards, File("config.json", 10), File("tokenizer.json", 10)];
        var options = new LayerPlanOptions { BaseLayerCount = 96 };

        IReadOnlyList<PlannedLayer> plan = LayerPlanner.Plan(files, options);

        Assert.HasCount(4, plan);
        var shardLayers = plan.Take(3).ToList();
        CollectionAssert.AreEqual(
            shards.Select(s => s.TargetPath).ToArray(),
            shardLayers.SelectMany(l => l.Files).Select(f => f.TargetPath).ToArray(),
            "every shard exactly once, neighbours together, in path order");
        long total = sizes.Sum() * MiB;
        long largest = sizes.Max() * MiB;
        foreach (PlannedLayer layer in shardLayers)
        {
            long size = layer.Files.Sum(f => f.Size);
            Assert.IsTrue(size <= total / 3 + largest, $"layer of {size / MiB} MiB is not balanced (total {total / MiB} MiB)");
            Assert.IsTrue(size > 0);
        }
        CollectionAssert.AreEqual(new[] { "config.json", "tokenizer.json" }, plan[3].Files.Select(f => f.TargetPath).ToArray());
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(7)]
    [DataRow(29)]
    public void ShardsOnly_FillExactlyTheBudget(int budget)
    {
        PlannedFile[] shards = Enumerable.Range(1, 30).Select(i => File($"model-{i:D5}-of-00030.safetensors", (16 + i % 7) * MiB)).ToArray();

        IReadOnlyList<PlannedLayer> plan = LayerPlanner.Plan(shards, new LayerPlanOptions { MaxLayers = budget });

        Assert.HasCount(budget, plan);
        Assert.AreEqual(30, plan.Sum(l => l.Files.Count));
        Assert.IsTrue(plan.All(l => l.Files.Count > 0));
        long ideal = shards.Sum(s => s.Size) / budget;
        long largest = shards.Max(s => s.Size);
        Assert.IsTrue(plan.All(l => Math.Abs(l.Files.Sum(f => f.Size) - ideal) <= largest), "layers are balanced within one shard of the ideal");
    }

    [TestMethod]
    public void ShardsUnderTheBudget_KeepOneLayerEach()
    {
        PlannedFile[] shards = Enumerable.Range(1, 5).Select(i => File($"s{i}", 100 * MiB)).ToArray();

        Assert.HasCount(5, LayerPlanner.Plan(shards, new LayerPlanOptions { MaxLayers = 5 }));
    }

    [TestMethod]
    public void SmallFiles_AreSplitAtMaxLayerSize()
    {
        PlannedFile[] files = Enumerable.Range(1, 5).Select(i => File($"f{i}.txt", 4 * 1024)).ToArray();

        IReadOnlyList<PlannedLayer> plan = LayerPlanner.Plan(files, new LayerPlanOptions { MaxLayerSize = 10 * 1024 });

        string[][] layers = Paths(plan);
        Assert.HasCount(3, layers);
        CollectionAssert.AreEqual(new[] { "f1.txt", "f2.txt" }, layers[0]);
        CollectionAssert.AreEqual(new[] { "f3.txt", "f4.txt" }, layers[1]);
        CollectionAssert.AreEqual(new[] { "f5.txt" }, layers[2]);
    }

    [TestMethod]
    public void SmallFileLargerThanMaxLayerSize_StillGetsALayer()
    {
        IReadOnlyList<PlannedLayer> plan = LayerPlanner.Plan([File("a", 10), File("b", 100), File("c", 10)], new LayerPlanOptions { MaxLayerSize = 50 });

        CollectionAssert.AreEqual(new[] { "a" }, Paths(plan)[0]);
        CollectionAssert.AreEqual(new[] { "b" }, Paths(plan)[1]);
        CollectionAssert.AreEqual(new[] { "c" }, Paths(plan)[2]);
    }

    [TestMethod]
    public void BaseThatFillsTheLayerBudget_ThrowsTooManyLayers()
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() =>
            LayerPlanner.Plan([new PlannedFile("a", 1, new LocalFile("/dev/null"))], new LayerPlanOptions { MaxLayers = 10, BaseLayerCount = 10 }));

        Assert.AreEqual(ErrorCodes.TooManyLayers, e.Code);
        StringAssert.Contains(e.Message, "10 layers");
    }

    [TestMethod]
    public void EmptyModel_ThrowsNoModelFiles()
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() => LayerPlanner.Plan([], new LayerPlanOptions()));

        Assert.AreEqual(ErrorCodes.NoModelFiles, e.Code);
    }

    [TestMethod]
    public void BaseWithNoRoomLeft_Throws()
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() => LayerPlanner.Plan([File("a", 1)], new LayerPlanOptions { MaxLayers = 10, BaseLayerCount = 10 }));

        StringAssert.Contains(e.Message, "10 layers");
    }

    [TestMethod]
    public void SameFiles_InAnyOrder_GiveTheSamePlan()
    {
        var random = new Random(7);
        PlannedFile[] files = Enumerable.Range(0, 60)
            .Select(i => File($"dir{i % 4}/file-{i:D3}.bin", i % 3 == 0 ? (16 + i) * MiB : 1000 + i))
            .ToArray();
        var options = new LayerPlanOptions { MaxLayers = 8, MaxLayerSize = 20_000 };

        IReadOnlyList<PlannedLayer> expected = LayerPlanner.Plan(files, options);
        for (int round = 0; round < 5; round++)
        {
            PlannedFile[] shuffled = files.OrderBy(_ => random.Next()).ToArray();
            AssertSamePlan(expected, LayerPlanner.Plan(shuffled, options));
        }
        Assert.HasCount(8, expected);
    }

    [TestMethod]
    public void TooManySmallLayersForTheBudget_Throws()
    {
        PlannedFile[] files = Enumerable.Range(1, 10).Select(i => File($"f{i}", 100)).ToArray();

        var e = Assert.ThrowsExactly<ModelcarException>(() => LayerPlanner.Plan(files, new LayerPlanOptions { MaxLayers = 3, MaxLayerSize = 100 }));

        StringAssert.Contains(e.Message, "ContainerMaxLayerSize");
    }
}
