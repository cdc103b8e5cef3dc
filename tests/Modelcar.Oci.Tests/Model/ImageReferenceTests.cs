using Modelcar.Oci.Model;

namespace Modelcar.Oci.Tests.Model;

[TestClass]
public sealed class ImageReferenceTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [TestMethod]
    [DataRow("127.0.0.1:5000/a/b:1", "127.0.0.1:5000", "a/b", "1")]
    [DataRow("localhost/x", "localhost", "x", null)]
    [DataRow("localhost:5000/x:latest", "localhost:5000", "x", "latest")]
    [DataRow("quay.io/a/b/c", "quay.io", "a/b/c", null)]
    [DataRow("quay.io/acme/granite-3.1-2b:1.2.0", "quay.io", "acme/granite-3.1-2b", "1.2.0")]
    [DataRow("busybox", "docker.io", "library/busybox", null)]
    [DataRow("busybox:1.36", "docker.io", "library/busybox", "1.36")]
    [DataRow("acme/model", "docker.io", "acme/model", null)]
    [DataRow("index.docker.io/x/y", "docker.io", "x/y", null)]
    [DataRow("registry-1.docker.io/library/alpine:3", "docker.io", "library/alpine", "3")]
    [DataRow("docker.io/busybox", "docker.io", "library/busybox", null)]
    [DataRow("[::1]:5000/a", "[::1]:5000", "a", null)]
    [DataRow("  quay.io/a:b  ", "quay.io", "a", "b")]
    public void Parse_SplitsRegistryRepositoryAndTag(string text, string registry, string repository, string? tag)
    {
        ImageReference reference = ImageReference.Parse(text);

        Assert.AreEqual(registry, reference.Registry);
        Assert.AreEqual(repository, reference.Repository);
        Assert.AreEqual(tag, reference.Tag);
        Assert.IsNull(reference.Digest);
        Assert.AreEqual(tag ?? "latest", reference.ManifestReference);
    }

    [TestMethod]
    public void DockerHub_IsServedFromItsApiHost()
    {
        ImageReference reference = ImageReference.Parse("busybox");

        Assert.AreEqual("docker.io/library/busybox", reference.ToString());
        Assert.AreEqual("registry-1.docker.io", reference.ApiHost);
        Assert.AreEqual("quay.io", ImageReference.Parse("quay.io/a/b").ApiHost);
        Assert.AreEqual("127.0.0.1:5000", ImageReference.Parse("127.0.0.1:5000/a").ApiHost);
    }

    [TestMethod]
    public void Parse_Digest_PinsTheManifestReference()
    {
        ImageReference reference = ImageReference.Parse($"quay.io/a/b@sha256:{Hex}");

        Assert.IsNull(reference.Tag);
        Assert.AreEqual($"sha256:{Hex}", reference.Digest.ToString());
        Assert.AreEqual($"sha256:{Hex}", reference.ManifestReference);
    }

    [TestMethod]
    [DataRow("quay.io/a/b:1.0@sha256:" + Hex)]
    [DataRow("127.0.0.1:5000/a/b:v1@sha256:" + Hex)]
    [DataRow("localhost:5000/x@sha256:" + Hex)]
    [DataRow("docker.io/library/busybox:1.36")]
    public void TagAndDigest_RoundTripThroughToString(string text)
    {
        ImageReference reference = ImageReference.Parse(text);

        Assert.AreEqual(text, reference.ToString());
        Assert.AreEqual(reference, ImageReference.Parse(reference.ToString()));
    }

    [TestMethod]
    public void TagAndDigest_TheDigestWins()
    {
        ImageReference reference = ImageReference.Parse($"quay.io/a/b:1.0@sha256:{Hex}");

        Assert.AreEqual("1.0", reference.Tag);
        Assert.AreEqual($"sha256:{Hex}", reference.ManifestReference);
    }

    [TestMethod]
    public void WithDigest_KeepsTheTag()
    {
        ImageReference reference = ImageReference.Parse("quay.io/a/b:1.0").WithDigest(Digest.Parse($"sha256:{Hex}"));

        Assert.AreEqual($"quay.io/a/b:1.0@sha256:{Hex}", reference.ToString());
    }

    [TestMethod]
    [DataRow("quay.io/Acme/model", ErrorCodes.InvalidRepository)]
    [DataRow("quay.io/a$b", ErrorCodes.InvalidRepository)]
    [DataRow("quay.io/a b", ErrorCodes.InvalidRepository)]
    [DataRow("quay.io/a//b", ErrorCodes.InvalidRepository)]
    [DataRow("quay.io/-a", ErrorCodes.InvalidRepository)]
    [DataRow("quay.io/a-", ErrorCodes.InvalidRepository)]
    [DataRow("quay.io/a...b", ErrorCodes.InvalidRepository)]
    [DataRow("quay.io/a___b", ErrorCodes.InvalidRepository)]
    [DataRow("quay.io/", ErrorCodes.InvalidRepository)]
    [DataRow("quay.io/a:", ErrorCodes.InvalidTag)]
    [DataRow("quay.io/a:.hidden", ErrorCodes.InvalidTag)]
    [DataRow("quay.io/a:-dash", ErrorCodes.InvalidTag)]
    [DataRow("quay.io/a:b$c", ErrorCodes.InvalidTag)]
    [DataRow("quay.io/a:b+c", ErrorCodes.InvalidTag)]
    [DataRow("quay.io/a@sha256:abc", ErrorCodes.InvalidDigest)]
    [DataRow("quay.io/a@sha256:" + "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", ErrorCodes.InvalidDigest)]
    [DataRow("quay.io/a@md5:0123456789abcdef0123456789abcdef", ErrorCodes.InvalidDigest)]
    [DataRow("quay.io/a@" + Hex, ErrorCodes.InvalidDigest)]
    [DataRow("quay.io/a@", ErrorCodes.InvalidDigest)]
    [DataRow("bad_host.io/a", ErrorCodes.InvalidRegistry)]
    [DataRow("-bad.io/a", ErrorCodes.InvalidRegistry)]
    [DataRow("quay.io:99999999/a", ErrorCodes.InvalidRegistry)]
    [DataRow("", ErrorCodes.InvalidReference)]
    [DataRow("   ", ErrorCodes.InvalidReference)]
    public void Parse_Invalid_ThrowsWithTheRightCode(string text, string code)
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() => ImageReference.Parse(text));

        Assert.AreEqual(code, e.Code, e.Message);
    }

    [TestMethod]
    public void Repository_LongerThan255_IsInvalid()
    {
        string ok = string.Join('/', Enumerable.Repeat(new string('a', 50), 5)) + "bbbbbb"; // 5*50 + 4 + 6 = 260 > 255
        string exactly255 = ok[..255];

        Assert.AreEqual(ErrorCodes.InvalidRepository, Assert.ThrowsExactly<ModelcarException>(() => ImageReference.Parse("quay.io/" + ok)).Code);
        Assert.AreEqual(exactly255, ImageReference.Parse("quay.io/" + exactly255).Repository);
    }

    [TestMethod]
    public void Tag_LongerThan128_IsInvalid()
    {
        string tag128 = new string('t', 128);

        Assert.AreEqual(tag128, ImageReference.Parse("quay.io/a:" + tag128).Tag);
        var e = Assert.ThrowsExactly<ModelcarException>(() => ImageReference.Parse("quay.io/a:" + tag128 + "t"));
        Assert.AreEqual(ErrorCodes.InvalidTag, e.Code);
    }

    [TestMethod]
    public void Error_NamesTheOffendingValue()
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() => ImageReference.Parse("quay.io/Acme/Model:1"));

        StringAssert.Contains(e.Message, "Acme/Model");
    }

    [TestMethod]
    [DataRow("My.Model_Project", "my.model_project")]
    [DataRow("Granite 3.1 (2B)", "granite-3.1-2b")]
    [DataRow("__init__", "init")]
    [DataRow("Acme/My Model", "acme/my-model")]
    [DataRow("a--b..c__d", "a-b.c_d")]
    [DataRow("a-._b", "a-b")]
    [DataRow("//a///b//", "a/b")]
    [DataRow("ÜberModel", "bermodel")]
    [DataRow("!!!", "model")]
    [DataRow("", "model")]
    [DataRow("x/./y", "x/y")]
    public void RepositoryFromName_GivesAValidRepository(string name, string expected)
    {
        string repository = ImageReference.RepositoryFromName(name);

        Assert.AreEqual(expected, repository);
        ImageReference.ValidateRepository(repository);
    }

    [TestMethod]
    [DataRow(300, "")]
    [DataRow(254, "/bcd")]
    [DataRow(254, "-bcd")]
    [DataRow(254, ".b")]
    public void RepositoryFromName_LongNames_AreCutToAValidRepository(int length, string tail)
    {
        string repository = ImageReference.RepositoryFromName(new string('a', length) + tail);

        Assert.IsTrue(repository.Length <= 255, repository);
        ImageReference.ValidateRepository(repository);
    }
}
