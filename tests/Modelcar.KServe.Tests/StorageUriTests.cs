using Modelcar.Oci.Model;

namespace Modelcar.KServe.Tests;

[TestClass]
public sealed class StorageUriTests
{
    [TestMethod]
    public void Modelcar_KeepsTagAndDigest()
    {
        Assert.AreEqual("oci://quay.io/acme/granite-3.1-2b-instruct:1.2.0@" + Samples.DigestText, StorageUri.For(Samples.Image, OciMode.Modelcar));
    }

    [TestMethod]
    public void Native_UsesOciNativeScheme()
    {
        Assert.AreEqual("oci+native://quay.io/acme/granite-3.1-2b-instruct:1.2.0@" + Samples.DigestText, StorageUri.For(Samples.Image, OciMode.Native));
    }

    [TestMethod]
    public void RegistryWithPort_DigestOnly_PassThrough()
    {
        var image = ImageReference.Parse("127.0.0.1:5000/ns/model@" + Samples.DigestText);
        Assert.AreEqual("oci://127.0.0.1:5000/ns/model@" + Samples.DigestText, StorageUri.For(image, OciMode.Modelcar));
    }

    [TestMethod]
    public void NoDigest_Throws063()
    {
        var error = Assert.ThrowsExactly<ModelcarException>(() => StorageUri.For(ImageReference.Parse("quay.io/acme/model:latest"), OciMode.Modelcar));
        Assert.AreEqual(ErrorCodes.ImageNotPinnedByDigest, error.Code);
    }
}
