using System.Net;
using System.Net.Http;
using Modelcar.Sources.HuggingFace;

namespace Modelcar.Sources.Tests.Remote;

/// <summary>The Hub's error answers as the user reads them (the fake Hub covers the common ones end to end).</summary>
[TestClass]
public sealed class HubErrorsTests
{
    [TestMethod]
    public void EntryNotFound_SaysTheFileIsNotInThatRevision_NotThatTheCommitChanged()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.NotFound);
        response.Headers.Add("X-Error-Code", "EntryNotFound");
        response.Headers.Add("X-Error-Message", "weights.bin does not exist on \"abc123\"");

        var e = (ModelcarException)HubErrors.From(response, HuggingFaceUri.Parse("hf://acme/tiny:abc123"), hasToken: false, "the file 'weights.bin'");

        Assert.AreEqual(ErrorCodes.SourceNotFound, e.Code);
        Assert.AreEqual(
            "the file 'weights.bin' of 'hf://acme/tiny:abc123' does not exist (the Hub said 404: weights.bin does not exist on \"abc123\"): the file is not in that revision. Check the file's path, AllowPatterns/IgnorePatterns, and the revision after the ':'.",
            e.Message);
    }

    [TestMethod]
    public void RedirectFromHttpsToHttp_IsARefusedDowngrade()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Found)
        {
            RequestMessage = new HttpRequestMessage(HttpMethod.Get, "https://hub.example.com/acme/tiny/resolve/abc123/weights.bin"),
        };
        response.Headers.Location = new Uri("http://cdn.example.com/blob?X-Signature=secret");

        var e = (ModelcarException)HubErrors.From(response, HuggingFaceUri.Parse("hf://acme/tiny:abc123"), hasToken: false, "the file 'weights.bin'");

        Assert.AreEqual(ErrorCodes.SourceDownloadFailed, e.Code);
        Assert.AreEqual(
            "'hf://acme/tiny:abc123' redirected (302) from https to plain http ('http://cdn.example.com/blob'); the SDK refused to follow this downgrade, because anyone on the network could alter or read what comes over http. Ask the server's operator to redirect to https, or use the final https URL.",
            e.Message);
    }
}
