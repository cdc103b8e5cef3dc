using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace Modelcar.Publishing.Tests;

/// <summary>
/// <see cref="PublishFlow"/> with no MSBuild: the image it writes is byte for byte the one dotnet publish writes for the
/// same inputs (the digests GoldenDigestTests pins for the packed SDK), skopeo reads it, and image.json records it.
/// </summary>
[TestClass]
public sealed class PublishFlowTests
{
    [TestMethod]
    public async Task ScratchModelcar_ToAnArchive_HasTheDigestDotnetPublishGives_AndImageJsonRecordsIt()
    {
        using var project = new TempProject();
        PublishOptions options = GoldenModelOptions.ScratchPublish(project.Directory, "golden-scratch", "golden/scratch");

        PublishedImage published = await PublishFlow.PublishAsync(options, NullModelcarLog.Instance, CancellationToken.None);

        Assert.AreEqual(GoldenModelOptions.ScratchArchiveDigest, published.Digest.ToString(), "the manifest digest dotnet publish gives for these inputs");
        Assert.AreEqual(options.ArchiveOutputPath, published.ArchivePath);
        Assert.AreEqual(published.Digest.ToString(), Skopeo("inspect", "--format", "{{.Digest}}", $"oci-archive:{published.ArchivePath}"), "skopeo reads the archive back");

        using JsonDocument imageJson = JsonDocument.Parse(File.ReadAllText(options.ImageJsonPath));
        JsonElement root = imageJson.RootElement;
        Assert.AreEqual(published.Digest.ToString(), root.GetProperty("digest").GetString());
        Assert.AreEqual(published.Reference.ToString(), root.GetProperty("reference").GetString());
        Assert.AreEqual("golden/scratch", root.GetProperty("repository").GetString());
        Assert.AreEqual(options.ArchiveOutputPath, root.GetProperty("archive").GetString());
        Assert.AreEqual("linux/amd64", root.GetProperty("platform").GetString(), "the default platform, linux-x64, from ImageDefaults");
        Assert.AreEqual("1010", root.GetProperty("user").GetString(), "the default user, KServe's uidModelcar, from ImageDefaults");
        Assert.IsFalse(root.TryGetProperty("signing", out _), "an unsigned publish records no signing section");
        // Every file, with the sha256 its layer stream computed: the same as hashing the file itself.
        var files = root.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("sha256").GetString());
        Assert.AreEqual(FixedModelFiles.Golden.Count, files.Count);
        foreach ((string path, _) in FixedModelFiles.Golden)
        {
            string expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(project.Directory, "model", path))));
            Assert.AreEqual(expected, files["/models/" + path], path);
        }
    }

    [TestMethod]
    public async Task MultiPlatformModelcar_ToAnArchive_HasTheIndexDigestDotnetPublishGives()
    {
        using var project = new TempProject();
        PublishOptions options = GoldenModelOptions.ScratchPublish(project.Directory, "golden-multi", "golden/multi") with
        {
            ContainerRuntimeIdentifiers = "linux-x64;linux-arm64",
        };

        PublishedImage published = await PublishFlow.PublishAsync(options, NullModelcarLog.Instance, CancellationToken.None);

        Assert.AreEqual(GoldenModelOptions.MultiPlatformIndexDigest, published.Digest.ToString(), "the index digest dotnet publish gives for these inputs");
        using JsonDocument imageJson = JsonDocument.Parse(File.ReadAllText(options.ImageJsonPath));
        CollectionAssert.AreEqual(new[] { "linux/amd64", "linux/arm64" },
            imageJson.RootElement.GetProperty("platforms").EnumerateArray().Select(p => p.GetProperty("platform").GetString()).ToArray());
    }

    /// <summary>The recorder writes image.json once, signing section included; its bundles are the referrers the archive holds.</summary>
    [TestMethod]
    public async Task KeyedPublish_RecordsWhoSignedAndTheBundles_InTheOneImageJson()
    {
        using var project = new TempProject();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(project.Directory, "signing.key"), key.ExportPkcs8PrivateKeyPem());
        PublishOptions options = GoldenModelOptions.ScratchPublish(project.Directory, "golden-scratch", "golden/scratch") with
        {
            Signing = new SigningOptions { SigningKey = "signing.key" },
        };

        PublishedImage published = await PublishFlow.PublishAsync(options, NullModelcarLog.Instance, CancellationToken.None);

        Assert.IsNotNull(published.Signer);
        Assert.AreEqual(GoldenModelOptions.ScratchArchiveDigest, published.Digest.ToString(), "signing attaches referrers; the image itself is unchanged");
        using JsonDocument imageJson = JsonDocument.Parse(File.ReadAllText(options.ImageJsonPath));
        JsonElement signing = imageJson.RootElement.GetProperty("signing");
        Assert.AreEqual(published.Signer.Mode, signing.GetProperty("mode").GetString());
        Assert.AreEqual(published.Signer.PublicKeyHint, signing.GetProperty("publicKeyHint").GetString());
        string[] bundles = [.. signing.GetProperty("bundles").EnumerateArray().Select(b => b.GetProperty("digest").GetString()!)];
        Assert.AreEqual(1, bundles.Length, "one message signature over the manifest (no attestations asked for)");
        string[] referrers = [.. imageJson.RootElement.GetProperty("referrers").EnumerateArray().Select(r => r.GetProperty("digest").GetString()!)];
        CollectionAssert.IsSubsetOf(bundles, referrers, "each recorded bundle is a referrer of the image");
    }

    private static string Skopeo(params string[] arguments)
    {
        var start = new ProcessStartInfo("skopeo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            TestEnvironment.Missing("skopeo is not installed: run 'bash eng/test-env/install.sh'.");
            throw;
        }
        using (process)
        {
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.AreEqual(0, process.ExitCode, $"skopeo {string.Join(' ', arguments)}: {error}");
            return output.Trim();
        }
    }
}
