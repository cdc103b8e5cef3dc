using System.Text;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Tests.Model;

[TestClass]
public sealed class DigestTests
{
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [TestMethod]
    public void ComputeSha256_OfKnownContent()
    {
        Assert.AreEqual($"sha256:{EmptySha256}", Digest.ComputeSha256([]).ToString());
        Assert.AreEqual("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Digest.ComputeSha256(Encoding.ASCII.GetBytes("abc")).ToString());
    }

    [TestMethod]
    public void Parse_Sha256_RoundTrips()
    {
        Digest digest = Digest.Parse($"sha256:{EmptySha256}");

        Assert.AreEqual("sha256", digest.Algorithm);
        Assert.AreEqual(EmptySha256, digest.Encoded);
        Assert.AreEqual($"sha256:{EmptySha256}", digest.ToString());
        Assert.AreEqual(Digest.ComputeSha256([]), digest);
    }

    [TestMethod]
    public void Parse_Sha512_IsAcceptedForForeignImages()
    {
        string encoded = new('a', 128);

        Digest digest = Digest.Parse($"sha512:{encoded}");

        Assert.AreEqual("sha512", digest.Algorithm);
        Assert.AreEqual(encoded, digest.Encoded);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("sha256")]
    [DataRow("sha256:")]
    [DataRow(":" + EmptySha256)]
    [DataRow(EmptySha256)]
    [DataRow("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    [DataRow("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555")]
    [DataRow("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [DataRow("sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [DataRow("SHA256:" + EmptySha256)]
    [DataRow("sha384:" + EmptySha256)]
    [DataRow("sha512:" + EmptySha256)]
    [DataRow(" sha256:" + EmptySha256)]
    public void Parse_Invalid_ThrowsInvalidDigest(string text)
    {
        var e = Assert.ThrowsExactly<ModelcarException>(() => Digest.Parse(text));

        Assert.AreEqual(ErrorCodes.InvalidDigest, e.Code);
        Assert.IsFalse(Digest.TryParse(text, out _));
    }

    [TestMethod]
    public void TryParse_Null_IsFalse() => Assert.IsFalse(Digest.TryParse(null, out _));

    [TestMethod]
    public void FromSha256Hash_IsLowerCaseHex()
    {
        byte[] hash = Enumerable.Range(0, 32).Select(i => (byte)(0xF0 + (i % 16))).ToArray();

        string encoded = Digest.FromSha256Hash(hash).Encoded;

        Assert.AreEqual(encoded.ToLowerInvariant(), encoded);
        Assert.AreEqual(64, encoded.Length);
    }
}
