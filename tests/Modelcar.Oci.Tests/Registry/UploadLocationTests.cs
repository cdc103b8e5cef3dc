using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Tests.Registry;

[TestClass]
public sealed class UploadLocationTests
{
    private static readonly Uri Request = new("https://registry.example.com:5000/v2/acme/model/blobs/uploads/");
    private static readonly Digest Sample = Digest.ComputeSha256("{}"u8);

    [TestMethod]
    public void Relative_ResolvesAgainstTheRequest()
    {
        var uri = UploadLocation.Resolve(Request, "/v2/acme/model/blobs/uploads/abc?_state=x%2By%3D");

        Assert.AreEqual("https://registry.example.com:5000/v2/acme/model/blobs/uploads/abc?_state=x%2By%3D", uri!.AbsoluteUri);
    }

    [TestMethod]
    public void PathRelative_ResolvesAgainstTheRequestDirectory()
    {
        var uri = UploadLocation.Resolve(Request, "abc");

        Assert.AreEqual("https://registry.example.com:5000/v2/acme/model/blobs/uploads/abc", uri!.AbsoluteUri);
    }

    [TestMethod]
    public void Absolute_IsKeptEvenOnAnotherHost()
    {
        var uri = UploadLocation.Resolve(Request, "https://storage.example.net/upload/1?sig=abc");

        Assert.AreEqual("https://storage.example.net/upload/1?sig=abc", uri!.AbsoluteUri);
    }

    [TestMethod]
    public void WithDigest_AppendsWithAmpersandWhenThereIsAQuery()
    {
        var uri = UploadLocation.WithDigest(new Uri("http://127.0.0.1:5000/v2/a/blobs/uploads/u?_state=x%2By%3D"), Sample);

        Assert.AreEqual($"http://127.0.0.1:5000/v2/a/blobs/uploads/u?_state=x%2By%3D&digest=sha256%3A{Sample.Encoded}", uri.AbsoluteUri);
    }

    [TestMethod]
    public void WithDigest_StartsAQueryWhenThereIsNone()
    {
        var uri = UploadLocation.WithDigest(new Uri("http://127.0.0.1:5000/v2/a/blobs/uploads/u"), Sample);

        Assert.AreEqual($"http://127.0.0.1:5000/v2/a/blobs/uploads/u?digest=sha256%3A{Sample.Encoded}", uri.AbsoluteUri);
    }

    [TestMethod]
    public void WithDigest_DoesNotDoubleATrailingSeparator()
    {
        var uri = UploadLocation.WithDigest(new Uri("http://h/u?a=1&"), Sample);

        Assert.AreEqual($"http://h/u?a=1&digest=sha256%3A{Sample.Encoded}", uri.AbsoluteUri);
    }
}
