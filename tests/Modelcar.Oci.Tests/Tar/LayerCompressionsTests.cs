using Modelcar.Oci.Model;
using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Tests.Tar;

[TestClass]
public sealed class LayerCompressionsTests
{
    [TestMethod]
    [DataRow(null, LayerCompression.None)]
    [DataRow("", LayerCompression.None)]
    [DataRow("none", LayerCompression.None)]
    [DataRow(" GZIP ", LayerCompression.Gzip)]
    [DataRow("zstd", LayerCompression.Zstd)]
    public void Parse_KnownNames(string? text, LayerCompression expected) => Assert.AreEqual(expected, LayerCompressions.Parse(text));

    [TestMethod]
    [DataRow("brotli")]
    [DataRow("gz")]
    [DataRow("true")]
    public void Parse_Unknown_IsModelcar039_NamingTheValueAndTheChoices(string text)
    {
        var error = Assert.ThrowsExactly<ModelcarException>(() => LayerCompressions.Parse(text));

        Assert.AreEqual("MODELCAR039", error.Code);
        StringAssert.Contains(error.Message, $"'{text}'");
        StringAssert.Contains(error.Message, "'zstd'");
    }

    [TestMethod]
    public void MediaTypes_AreTheOciLayerTypes()
    {
        Assert.AreEqual(MediaTypes.OciLayer, LayerCompression.None.MediaType());
        Assert.AreEqual(MediaTypes.OciLayerGzip, LayerCompression.Gzip.MediaType());
        Assert.AreEqual(MediaTypes.OciLayerZstd, LayerCompression.Zstd.MediaType());
    }
}
