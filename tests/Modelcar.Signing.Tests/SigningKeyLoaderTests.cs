using System.Security.Cryptography;
using System.Text;
using Modelcar.Signing.Keys;

namespace Modelcar.Signing.Tests;

/// <summary>The keyed-signing key: from a file or an environment variable, encrypted or not, and never echoed in an error.</summary>
[TestClass]
public sealed class SigningKeyLoaderTests
{
    private string _dir = "";

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("modelcar-key-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void AKeyFromAnEnvironmentVariableSignsLikeTheSameKeyFromAFile()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string pem = key.ExportPkcs8PrivateKeyPem();
        File.WriteAllText(Path.Combine(_dir, "k.pem"), pem);
        using var fromFile = SigningKeyLoader.Load("k.pem", null, _dir);
        using var fromEnv = SigningKeyLoader.Load("env:MY_KEY", null, _dir, v => v == "MY_KEY" ? pem : null);
        Assert.AreEqual(PublicKeys.Hint(key), PublicKeys.Hint(fromFile));
        Assert.AreEqual(PublicKeys.Hint(key), PublicKeys.Hint(fromEnv));
    }

    [TestMethod]
    public void AnEncryptedKeyNeedsItsPasswordFromTheNamedVariable()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string pem = key.ExportEncryptedPkcs8PrivateKeyPem("s3cret-pass", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000));
        File.WriteAllText(Path.Combine(_dir, "k.pem"), pem);

        using var loaded = SigningKeyLoader.Load("k.pem", "KEY_PASS", _dir, v => v == "KEY_PASS" ? "s3cret-pass" : null);
        Assert.AreEqual(PublicKeys.Hint(key), PublicKeys.Hint(loaded));

        var missing = Assert.ThrowsExactly<ModelcarException>(() => SigningKeyLoader.Load("k.pem", "KEY_PASS", _dir, _ => null));
        Assert.AreEqual(ErrorCodes.InvalidSigningInput, missing.Code);
        StringAssert.Contains(missing.Message, "KEY_PASS");

        var wrong = Assert.ThrowsExactly<ModelcarException>(() => SigningKeyLoader.Load("k.pem", "KEY_PASS", _dir, _ => "wrong"));
        Assert.AreEqual(ErrorCodes.InvalidSigningInput, wrong.Code);
        Assert.IsFalse(wrong.Message.Contains("wrong", StringComparison.Ordinal) && wrong.Message.Contains("s3cret", StringComparison.Ordinal));
    }

    [TestMethod]
    public void AnotherCurveAnEmptyVariableOrGarbageIsMODELCAR095WithoutTheKeyInTheMessage()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        File.WriteAllText(Path.Combine(_dir, "p384.pem"), p384.ExportPkcs8PrivateKeyPem());
        var curve = Assert.ThrowsExactly<ModelcarException>(() => SigningKeyLoader.Load("p384.pem", null, _dir));
        Assert.AreEqual(ErrorCodes.InvalidSigningInput, curve.Code);
        StringAssert.Contains(curve.Message, "P-256");

        var empty = Assert.ThrowsExactly<ModelcarException>(() => SigningKeyLoader.Load("env:NOPE", null, _dir, _ => null));
        Assert.AreEqual(ErrorCodes.InvalidSigningInput, empty.Code);
        StringAssert.Contains(empty.Message, "NOPE");

        string garbage = "not a key " + Convert.ToBase64String(Encoding.UTF8.GetBytes("secret material"));
        var bad = Assert.ThrowsExactly<ModelcarException>(() => SigningKeyLoader.Load("env:GARBAGE", null, _dir, _ => garbage));
        Assert.AreEqual(ErrorCodes.InvalidSigningInput, bad.Code);
        Assert.IsFalse(bad.Message.Contains(garbage, StringComparison.Ordinal), "the variable's content never reaches a message");

        var cosign = Assert.ThrowsExactly<ModelcarException>(() => SigningKeyLoader.Load("env:C", null, _dir,
            _ => "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n"));
        StringAssert.Contains(cosign.Message, "cosign");
    }
}
