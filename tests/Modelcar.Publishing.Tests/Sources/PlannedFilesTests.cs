using Modelcar.Oci.Build.Layers;
using Modelcar.Oci.Tar;
using Modelcar.Publishing.Sources;
using Modelcar.Sources;

namespace Modelcar.Publishing.Tests.Sources;

/// <summary>Which resolved files a publish plans into new layers, decided by where their bytes are.</summary>
[TestClass]
public sealed class PlannedFilesTests
{
    [TestMethod]
    public void LocalAndStreamedFilesArePlanned_CarriedFilesKeepTheirLayers()
    {
        Func<Stream> open = () => Stream.Null;
        ResolvedModelFile[] files =
        [
            new("config.json", new LocalContent("/project/model/config.json"), 3, DateTime.UnixEpoch, "model/config.json"),
            new("weights.bin", new StreamedContent("https://example.com/weights.bin", open), 5, DateTime.UnixEpoch, "https://example.com/weights.bin"),
            new("old.bin", new CarriedContent("oci://registry.example/acme/model:1", "sha256:" + new string('e', 64)), 7, DateTime.UnixEpoch, "oci://registry.example/acme/model:1"),
        ];

        CollectionAssert.AreEqual(
            new[]
            {
                new PlannedFile("config.json", 3, new LocalFile("/project/model/config.json")),
                new PlannedFile("weights.bin", 5, new StreamedFile("https://example.com/weights.bin", open)),
            },
            PlannedFiles.Of(files).ToArray());
    }
}
