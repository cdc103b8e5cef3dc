using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Tests.Registry;

[TestClass]
public sealed class RegistryErrorsTests
{
    [TestMethod]
    public void Describe_ReadsTheDistributionErrorDocument()
    {
        var (codes, detail) = RegistryErrors.Describe("""{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{}},{"code":"DENIED"}]}"""u8);

        Assert.AreEqual("NAME_UNKNOWN: repository name not known to registry; DENIED", detail);
        Assert.IsTrue(codes.Contains("DENIED"));
    }

    [TestMethod]
    public void Describe_QuotesAShortCleanSnippetOfAnythingElse()
    {
        string html = "<html>\n<head><title>502 Bad Gateway</title></head>\n" + new string('x', 1000) + "</html>";

        var (codes, detail) = RegistryErrors.Describe(System.Text.Encoding.UTF8.GetBytes(html));

        Assert.IsEmpty(codes);
        Assert.Contains("not a registry API response", detail);
        Assert.Contains("<html> <head><title>502 Bad Gateway", detail);
        Assert.IsLessThan(300, detail.Length);
    }
}
