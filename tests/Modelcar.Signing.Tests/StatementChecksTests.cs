using System.Text;
using Modelcar.Signing.Verification;

namespace Modelcar.Signing.Tests;

/// <summary>What ModelcarVerify asks of a verified statement: the image as subject, and exactly the signed files.</summary>
[TestClass]
public sealed class StatementChecksTests
{
    private static readonly Dictionary<string, string> Signed = new(StringComparer.Ordinal)
    {
        ["config.json"] = new string('a', 64),
        ["weights/model.safetensors"] = new string('b', 64),
    };

    [TestMethod]
    public void TheSameFilesPass_AChangedMissingOrAddedFileIsMODELCAR098NamingIt()
    {
        StatementChecks.RequireSameFiles(Signed, new Dictionary<string, string>(Signed));

        var changed = new Dictionary<string, string>(Signed) { ["weights/model.safetensors"] = new string('c', 64) };
        var e = Assert.ThrowsExactly<ModelcarException>(() => StatementChecks.RequireSameFiles(Signed, changed));
        Assert.AreEqual(ErrorCodes.SignedContentMismatch, e.Code);
        StringAssert.Contains(e.Message, "/models/weights/model.safetensors");

        var missing = new Dictionary<string, string>(Signed);
        missing.Remove("config.json");
        e = Assert.ThrowsExactly<ModelcarException>(() => StatementChecks.RequireSameFiles(Signed, missing));
        StringAssert.Contains(e.Message, "/models/config.json");

        var added = new Dictionary<string, string>(Signed) { ["extra.bin"] = new string('d', 64) };
        e = Assert.ThrowsExactly<ModelcarException>(() => StatementChecks.RequireSameFiles(Signed, added));
        StringAssert.Contains(e.Message, "/models/extra.bin");
    }

    [TestMethod]
    public void AStatementAboutAnotherImageIsMODELCAR098()
    {
        string image = new('1', 64);
        var statement = StatementChecks.Parse(Encoding.UTF8.GetBytes(
            $"{{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{{\"name\":\"r/x\",\"digest\":{{\"sha256\":\"{image}\"}}}}],\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{{}}}}"), "test");
        StatementChecks.RequireSubject(statement, image, "provenance");
        var e = Assert.ThrowsExactly<ModelcarException>(() => StatementChecks.RequireSubject(statement, new string('2', 64), "provenance"));
        Assert.AreEqual(ErrorCodes.SignedContentMismatch, e.Code);
    }
}
