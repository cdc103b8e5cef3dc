namespace Modelcar.EndToEnd.Tests;

/// <summary>The model every publish test uses: one shard big enough for its own layer, small files in folders.</summary>
internal static class ModelFiles
{
    public static Dictionary<string, string> AddTypicalModel(ModelProject project) => new()
    {
        ["model-00001-of-00002.safetensors"] = project.AddRandomFile("model-00001-of-00002.safetensors", 20 * 1024 * 1024 + 17),
        ["model-00002-of-00002.safetensors"] = project.AddRandomFile("model-00002-of-00002.safetensors", 17 * 1024 * 1024),
        ["config.json"] = project.AddRandomFile("config.json", 700),
        ["tokenizer/tokenizer.json"] = project.AddRandomFile("tokenizer/tokenizer.json", 5000),
        ["tokenizer/empty.txt"] = project.AddRandomFile("tokenizer/empty.txt", 0),
    };

    /// <summary>Asserts /models holds exactly the expected files, byte for byte, readable by any UID.</summary>
    public static void AssertModelsMatch(ImageReader image, Dictionary<string, string> expected)
    {
        var actual = image.ModelFileHashes();
        CollectionAssert.AreEquivalent(expected.Keys.ToList(), actual.Keys.ToList(), "files under /models");
        foreach ((string path, string hash) in expected)
        {
            Assert.AreEqual(hash, actual[path], $"/models/{path} differs from its source");
            UnixFileMode mode = File.GetUnixFileMode(Path.Combine(image.ModelsFolder, path));
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, mode, $"mode of /models/{path}");
        }
        foreach (string dir in Directory.EnumerateDirectories(image.ModelsFolder, "*", SearchOption.AllDirectories).Append(image.ModelsFolder))
        {
            UnixFileMode mode = File.GetUnixFileMode(dir);
            Assert.AreEqual((UnixFileMode)0b111_101_101, mode, $"mode of {dir}");
        }
    }
}
