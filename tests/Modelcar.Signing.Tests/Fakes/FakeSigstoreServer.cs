using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Modelcar.Signing.Tests.Fakes;

/// <summary>
/// Fake Fulcio, fake Rekor and a fake GitHub Actions ID-token service on one Kestrel server on 127.0.0.1 (ports
/// 5700-5749 belong to the signing tests). Fakes because no public Sigstore and no GitHub are reachable here; each
/// follows the real service's REST API, and the independent verifier (sigstore-js) is given the trusted root
/// (<see cref="WriteTrustedRoot"/>) built from their keys.
/// </summary>
public sealed class FakeSigstoreServer : IAsyncDisposable
{
    /// <summary>The token GitHub's runner would put in ACTIONS_ID_TOKEN_REQUEST_TOKEN.</summary>
    public const string ActionsRequestToken = "fake-actions-request-token";

    private readonly WebApplication _app;

    private FakeSigstoreServer(int port)
    {
        BaseUrl = $"http://127.0.0.1:{port}";
        Issuer = new FakeOidcIssuer();
        Fulcio = new FakeFulcio(Issuer);
        Rekor = new FakeRekor($"127.0.0.1:{port}");

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(BaseUrl);
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/api/v2/signingCert", async (HttpRequest request) => Answer(Fulcio.SigningCert(await ReadJson(request))));
        _app.MapPost("/api/v1/log/entries", async (HttpRequest request) => Answer(Rekor.CreateEntry(await ReadJson(request))));
        _app.MapGet("/api/v1/log/publicKey", () => Results.Text(System.Security.Cryptography.PemEncoding.WriteString("PUBLIC KEY", Rekor.Key.ExportSubjectPublicKeyInfo())));
        // GitHub Actions' token service: GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=... with the request token as bearer.
        _app.MapGet("/github/token", (HttpRequest request) =>
        {
            if (request.Headers.Authorization.ToString() != "Bearer " + ActionsRequestToken) return Results.StatusCode(401);
            string audience = request.Query["audience"].ToString();
            GitHubTokenRequests++;
            return Results.Json(new { value = Issuer.Mint(FakeOidcIssuer.GitHubIssuer, "repo:modelcar/demo:ref:refs/heads/main", audience,
                extraClaims: new JsonObject { ["job_workflow_ref"] = GitHubWorkflowRef }) });
        });
    }

    public const string GitHubWorkflowRef = "modelcar/demo/.github/workflows/publish.yml@refs/heads/main";

    /// <summary>The SAN the fake Fulcio puts in a certificate for the fake GitHub Actions token.</summary>
    public const string GitHubIdentity = "https://github.com/" + GitHubWorkflowRef;

    public string BaseUrl { get; }

    public string ActionsRequestUrl => BaseUrl + "/github/token?api-version=2.0";

    public FakeOidcIssuer Issuer { get; }

    public FakeFulcio Fulcio { get; }

    public FakeRekor Rekor { get; }

    public int GitHubTokenRequests { get; private set; }

    public static async Task<FakeSigstoreServer> StartAsync(int port)
    {
        var server = new FakeSigstoreServer(port);
        await server._app.StartAsync();
        return server;
    }

    /// <summary>A Sigstore trusted_root.json naming the fake Fulcio's CA and the fake Rekor's key (no CT log, no TSA).</summary>
    public void WriteTrustedRoot(string path)
    {
        string start = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var root = new JsonObject
        {
            ["mediaType"] = "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
            ["tlogs"] = new JsonArray(new JsonObject
            {
                ["baseUrl"] = BaseUrl,
                ["hashAlgorithm"] = "SHA2_256",
                ["publicKey"] = new JsonObject
                {
                    ["rawBytes"] = Convert.ToBase64String(Rekor.Key.ExportSubjectPublicKeyInfo()),
                    ["keyDetails"] = "PKIX_ECDSA_P256_SHA_256",
                    ["validFor"] = new JsonObject { ["start"] = start },
                },
                ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(Rekor.LogId) },
            }),
            ["certificateAuthorities"] = new JsonArray(new JsonObject
            {
                ["subject"] = new JsonObject { ["organization"] = "modelcar-tests", ["commonName"] = "fake-fulcio-root" },
                ["uri"] = BaseUrl,
                ["certChain"] = new JsonObject { ["certificates"] = new JsonArray(new JsonObject { ["rawBytes"] = Convert.ToBase64String(Fulcio.RootCertificate.RawData) }) },
                ["validFor"] = new JsonObject { ["start"] = start },
            }),
            ["ctlogs"] = new JsonArray(),
            ["timestampAuthorities"] = new JsonArray(),
        };
        File.WriteAllText(path, root.ToJsonString());
    }

    private static async Task<JsonNode> ReadJson(HttpRequest request) =>
        await JsonNode.ParseAsync(request.Body) ?? new JsonObject();

    private static IResult Answer((int Status, JsonNode Body) answer) =>
        Results.Content(answer.Body.ToJsonString(), "application/json", statusCode: answer.Status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Fulcio.Dispose();
        Rekor.Dispose();
        Issuer.Dispose();
    }
}
