using Modelcar.Oci.Build.Inherited;
using Modelcar.Oci.Model;
using Modelcar.Oci.Tests.Support;

namespace Modelcar.Oci.Tests.Build.Inherited;

[TestClass]
public sealed class LayerClassificationCacheTests
{
    private static readonly Digest Layer = Digest.ComputeSha256("a layer"u8);

    [TestMethod]
    public void AStoredClassification_IsFoundByDigest_BySecondInstance()
    {
        using var temp = new TempDirectory();
        new LayerClassificationCache(temp.Path).Store(Layer, "models", ModelLayerKind.Model, [new InheritedModelFile("weights/a.safetensors", 1234)]);

        bool found = new LayerClassificationCache(temp.Path).TryGet(Layer, "models", out ModelLayerKind kind, out IReadOnlyList<InheritedModelFile> files);

        Assert.IsTrue(found);
        Assert.AreEqual(ModelLayerKind.Model, kind);
        Assert.AreEqual(new InheritedModelFile("weights/a.safetensors", 1234), files.Single());
        Assert.IsFalse(new LayerClassificationCache(temp.Path).TryGet(Digest.ComputeSha256("another layer"u8), "models", out _, out _), "another digest is another layer");
        Assert.AreEqual(0, Directory.GetFiles(temp.Path, "*.tmp", SearchOption.AllDirectories).Length, "no temporary file is left behind");
    }

    [TestMethod]
    public void AnEntryForAnotherModelsRoot_IsNotUsed()
    {
        using var temp = new TempDirectory();
        var cache = new LayerClassificationCache(temp.Path);
        cache.Store(Layer, "models", ModelLayerKind.Base, []);

        Assert.IsFalse(cache.TryGet(Layer, "mnt/models", out _, out _));
    }

    [TestMethod]
    public void ACorruptEntry_IsAMiss_AndIsOverwritten()
    {
        using var temp = new TempDirectory();
        var cache = new LayerClassificationCache(temp.Path);
        cache.Store(Layer, "models", ModelLayerKind.Base, []);
        string entry = Directory.GetFiles(temp.Path, "*.json", SearchOption.AllDirectories).Single();
        File.WriteAllText(entry, "{ not json");

        Assert.IsFalse(cache.TryGet(Layer, "models", out _, out _));
        cache.Store(Layer, "models", ModelLayerKind.Model, [new InheritedModelFile("x", 1)]);
        Assert.IsTrue(cache.TryGet(Layer, "models", out ModelLayerKind kind, out _));
        Assert.AreEqual(ModelLayerKind.Model, kind);
    }

    [TestMethod]
    public void WithoutADirectory_NothingIsRemembered()
    {
        var cache = new LayerClassificationCache(null);
        cache.Store(Layer, "models", ModelLayerKind.Model, []);

        Assert.IsFalse(cache.TryGet(Layer, "models", out _, out _));
    }
}
