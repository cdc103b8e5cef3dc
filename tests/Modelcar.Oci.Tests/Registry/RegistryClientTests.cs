using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Tests.Registry;

/// <summary>Against the real docker-registry of the test environment; each test works in its own repositories.</summary>
[TestClass]
[TestCategory("Registry")]
public sealed class RegistryClientTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static RegistryClient Client(int chunkSize = 16 * 1024 * 1024) =>
        new(TestEnvironment.Registry, new RegistryClientOptions { ChunkSize = chunkSize, InsecureRegistries = [] });

    private static string NewRepository(string name) => $"modelcar-tests/{name}-{Guid.NewGuid():N}";

    [TestMethod]
    public async Task PushBlob_WithAKnownDigest_ThenItExists()
    {
        using var client = Client();
        string repository = NewRepository("blob");
        byte[] content = Encoding.UTF8.GetBytes($"small blob {Guid.NewGuid()}");
        var blob = new Descriptor { MediaType = MediaTypes.OciLayer, Digest = Digest.ComputeSha256(content), Size = content.Length };

        Assert.IsFalse(await client.BlobExistsAsync(repository, blob.Digest, Ct));
        await client.PushBlobAsync(repository, blob, _ => Task.FromResult<Stream>(new MemoryStream(content)), Ct);

        Assert.IsTrue(await client.BlobExistsAsync(repository, blob.Digest, Ct));
        CollectionAssert.AreEqual(content, await client.GetBlobBytesAsync(repository, blob.Digest, Ct));
    }

    [TestMethod]
    public async Task PushBlob_LargerThanAChunk_GoesUpInChunks_AndSkipsWhenPresent()
    {
        using var client = Client(chunkSize: 1024 * 1024);
        string repository = NewRepository("chunked");
        byte[] content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var blob = new Descriptor { MediaType = MediaTypes.OciLayer, Digest = Digest.ComputeSha256(content), Size = content.Length };
        int opened = 0;
        Task<Stream> Open(CancellationToken _)
        {
            opened++;
            return Task.FromResult<Stream>(new MemoryStream(content));
        }

        Assert.IsTrue(await client.PushBlobAsync(repository, blob, Open, Ct), "the first push sends the blob");
        Assert.IsFalse(await client.PushBlobAsync(repository, blob, Open, Ct), "the second push says it sent nothing");

        Assert.AreEqual(1, opened, "the second push finds the blob and does not read it");
        Assert.IsTrue(await client.BlobExistsAsync(repository, blob.Digest, Ct));
    }

    [TestMethod]
    public async Task PushBlob_WhoseContentDoesNotMatchItsDescriptor_FailsVerification()
    {
        using var client = Client();
        string repository = NewRepository("mismatch");
        byte[] content = RandomNumberGenerator.GetBytes(1000);
        var blob = new Descriptor { MediaType = MediaTypes.OciLayer, Digest = Digest.ComputeSha256("something else"u8), Size = content.Length };

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(
            () => client.PushBlobAsync(repository, blob, _ => Task.FromResult<Stream>(new MemoryStream(content)), Ct));

        Assert.AreEqual(ErrorCodes.BlobVerificationFailed, e.Code);
    }

    [TestMethod]
    public async Task PushBlobStream_OfUnknownDigest_HashesWhileUploading_AndReadsBackIdentical()
    {
        using var client = Client(chunkSize: 4 * 1024 * 1024);
        string repository = NewRepository("stream");
        byte[] content = RandomNumberGenerator.GetBytes(40 * 1024 * 1024 + 123);
        var reported = new List<long>();

        var (digest, size) = await client.PushBlobStreamAsync(repository, new MemoryStream(content), new SyncProgress(reported.Add), Ct);

        Assert.AreEqual(Digest.ComputeSha256(content), digest);
        Assert.AreEqual(content.LongLength, size);
        Assert.AreEqual(content.LongLength, reported[^1]);
        Assert.HasCount(11, reported, "ten 4 MiB chunks and the remainder");
        await using var stream = await client.OpenBlobAsync(repository, digest, Ct);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        Assert.IsTrue(content.AsSpan().SequenceEqual(copy.ToArray()), "the blob reads back identical");
    }

    [TestMethod]
    public async Task PushBlobStream_OfAnExactMultipleOfTheChunkSize_AndOfNothing()
    {
        using var client = Client(chunkSize: 64 * 1024);
        string repository = NewRepository("edges");
        byte[] content = RandomNumberGenerator.GetBytes(2 * 64 * 1024);

        var (digest, size) = await client.PushBlobStreamAsync(repository, new MemoryStream(content), null, Ct);
        var (emptyDigest, emptySize) = await client.PushBlobStreamAsync(repository, new MemoryStream(), null, Ct);

        Assert.AreEqual(Digest.ComputeSha256(content), digest);
        Assert.AreEqual(content.LongLength, size);
        Assert.AreEqual(Digest.ComputeSha256([]), emptyDigest);
        Assert.AreEqual(0, emptySize);
        Assert.IsTrue(await client.BlobExistsAsync(repository, emptyDigest, Ct));
    }

    [TestMethod]
    public async Task PutManifest_ByTag_ThenGetAndHeadReturnTheSameBytesAndDigest()
    {
        using var client = Client();
        string repository = NewRepository("manifest");
        byte[] manifestBytes = await PushTinyImageAsync(client, repository);

        await client.PutManifestAsync(repository, "1.0", manifestBytes, MediaTypes.OciManifest, Ct);

        var manifest = await client.GetManifestAsync(repository, "1.0", Ct);
        Assert.IsNotNull(manifest);
        CollectionAssert.AreEqual(manifestBytes, manifest.Content);
        Assert.AreEqual(MediaTypes.OciManifest, manifest.MediaType);
        Assert.AreEqual(Digest.ComputeSha256(manifestBytes), manifest.Digest);

        var head = await client.HeadManifestAsync(repository, "1.0", Ct);
        Assert.AreEqual(new Descriptor { MediaType = MediaTypes.OciManifest, Digest = manifest.Digest, Size = manifestBytes.Length }, head);

        var byDigest = await client.GetManifestAsync(repository, manifest.Digest.ToString(), Ct);
        CollectionAssert.AreEqual(manifestBytes, byDigest!.Content);
    }

    [TestMethod]
    public async Task GetManifest_OfAMissingTag_IsNull()
    {
        using var client = Client();
        string repository = NewRepository("missing");

        Assert.IsNull(await client.GetManifestAsync(repository, "nope", Ct));
        Assert.IsNull(await client.HeadManifestAsync(repository, "nope", Ct));
    }

    [TestMethod]
    public async Task MountBlob_FromAnotherRepository_ThenItExistsThere()
    {
        using var client = Client();
        string source = NewRepository("mount-a");
        string target = NewRepository("mount-b");
        var (digest, _) = await client.PushBlobStreamAsync(source, new MemoryStream(RandomNumberGenerator.GetBytes(4096)), null, Ct);

        Assert.IsTrue(await client.TryMountBlobAsync(target, digest, source, Ct));
        Assert.IsTrue(await client.BlobExistsAsync(target, digest, Ct));
    }

    [TestMethod]
    public async Task MountBlob_ThatTheSourceDoesNotHave_IsFalse()
    {
        using var client = Client();
        string source = NewRepository("mount-a");
        string target = NewRepository("mount-b");
        var missing = Digest.ComputeSha256(RandomNumberGenerator.GetBytes(32));

        Assert.IsFalse(await client.TryMountBlobAsync(target, missing, source, Ct));
        Assert.IsFalse(await client.BlobExistsAsync(target, missing, Ct));
    }

    [TestMethod]
    public async Task ClosedPort_IsUnreachable()
    {
        // Bind and release a port so that nothing listens on it.
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        using var client = new RegistryClient($"127.0.0.1:{port}", new RegistryClientOptions { InsecureRegistries = [] });

        var e = await Assert.ThrowsExactlyAsync<ModelcarException>(() => client.GetManifestAsync("acme/model", "1.0", Ct));

        Assert.AreEqual(ErrorCodes.RegistryUnreachable, e.Code);
        Assert.Contains($"127.0.0.1:{port}", e.Message);
    }

    /// <summary>Pushes a config <c>{}</c> and one layer, and returns the manifest that refers to them.</summary>
    private async Task<byte[]> PushTinyImageAsync(RegistryClient client, string repository)
    {
        byte[] config = "{}"u8.ToArray();
        byte[] layer = RandomNumberGenerator.GetBytes(512);
        var configDescriptor = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.ComputeSha256(config), Size = config.Length };
        var layerDescriptor = new Descriptor { MediaType = MediaTypes.OciLayer, Digest = Digest.ComputeSha256(layer), Size = layer.Length };
        await client.PushBlobAsync(repository, configDescriptor, _ => Task.FromResult<Stream>(new MemoryStream(config)), Ct);
        await client.PushBlobAsync(repository, layerDescriptor, _ => Task.FromResult<Stream>(new MemoryStream(layer)), Ct);
        return OciJson.Serialize(new ImageManifest { Config = configDescriptor, Layers = [layerDescriptor] });
    }

    // Progress<T> posts to the thread pool; the test wants the reports in order and complete when the call returns.
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
