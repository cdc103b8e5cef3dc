using System.Security.Cryptography;
using System.Text;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// Byte-identical images for the same inputs, pinned to digests recorded before the publish flow was moved out of
/// the MSBuild task (issue 16). The inputs are fixed bytes, a fixed SOURCE_DATE_EPOCH and fixed names, so every
/// digest below is a pure function of the image format: a refactor that changes one byte of a config, manifest,
/// index, layer tar or referrer fails here. Change a golden value only for an intended format change, and say so
/// in the commit.
/// </summary>
[TestClass]
public sealed class GoldenDigestTests
{
    private const string Epoch = "1767225600"; // 2026-01-01T00:00:00Z

    // Recorded at 5a45156 (before issue 16's move).
    private const string ScratchArchiveDigest = "sha256:f4b61336a4d2a6009ae53c06a611a9df9d14811579edbc342f9107e069e4f4f4";
    private const string MultiPlatformIndexDigest = "sha256:7c768d0b26b7b95f786f7645b2bbee1cb451976161ba4c0e4af1a5a86b7e7904";
    private const string LayeredOnBaseDigest = "sha256:fc5f110f366d042e610884f7b2a125007d7a111ab00436b639d075faa1994722";
    private const string LayeredOnBaseModelPackDigest = "sha256:83fe7928e3e6834f8f63922cbb2effb4ff6f4f50b19bc93d8174834689b688c1";
    private const string InheritingDigest = "sha256:7949153491b192f83b93c3a8a596c07a9dcd9e7051a2e001a0ddd713bf16b6ff";

    /// <summary>The golden values of the oci:// case name the test registry's address in an annotation.</summary>
    private const string GoldenRegistry = "127.0.0.1:5000";

    [TestMethod]
    public void ScratchModelcar_ToArchive_HasTheGoldenDigest()
    {
        ModelProject project = GoldenProject("golden-scratch", "golden/scratch", "");
        project.Publish().EnsureSuccess("dotnet publish");
        Assert.AreEqual(ScratchArchiveDigest, new PublishedImage(project).Digest, "manifest digest of the scratch modelcar");
    }

    [TestMethod]
    public void MultiPlatformModelcar_ToArchive_HasTheGoldenIndexDigest()
    {
        ModelProject project = GoldenProject("golden-multi", "golden/multi",
            "<ContainerRuntimeIdentifiers>linux-x64;linux-arm64</ContainerRuntimeIdentifiers>");
        project.Publish().EnsureSuccess("dotnet publish");
        Assert.AreEqual(MultiPlatformIndexDigest, new PublishedImage(project).Digest, "index digest of the two-platform modelcar");
    }

    /// <summary>
    /// A classic modelcar on a local base (the scratch golden image, so the base's bytes are fixed too), with zstd
    /// small-file layers and a ModelPack referrer: the same digests to an archive and to the registry.
    /// </summary>
    [TestMethod]
    [TestCategory("Registry")]
    public void LayeredModelcar_ToArchiveAndRegistry_HasTheGoldenDigests()
    {
        string baseArchive = ScratchBaseArchive();
        string layered = $"""
                <ContainerBaseImage>oci-archive:{baseArchive}:1.0.0</ContainerBaseImage>
                <KServeStorageMode>oci</KServeStorageMode>
                <ModelcarSkipBaseImageCheck>true</ModelcarSkipBaseImageCheck>
                <ContainerUser>2000</ContainerUser>
                <ModelcarSmallFileCompression>zstd</ModelcarSmallFileCompression>
                <ModelcarModelPack>true</ModelcarModelPack>
            """;

        ModelProject archived = GoldenProject("golden-layered", "golden/layered", layered);
        archived.Publish().EnsureSuccess("dotnet publish to an archive");
        AssertLayeredGolden(new PublishedImage(archived), "archive");

        string registry = TestEnvironment.Registry;
        ModelProject pushed = GoldenProject("golden-layered", "golden/layered", layered + $"<ContainerRegistry>{registry}</ContainerRegistry>");
        pushed.Publish().EnsureSuccess("dotnet publish to the registry");
        AssertLayeredGolden(new PublishedImage(pushed), "registry");
    }

    /// <summary>Model layers carried over from an oci:// source, beside a file of the project's own.</summary>
    [TestMethod]
    [TestCategory("Registry")]
    public void InheritingModelcar_HasTheGoldenDigest()
    {
        string registry = TestEnvironment.Registry;
        if (registry != GoldenRegistry) TestEnvironment.Missing($"the golden oci:// digest names {GoldenRegistry} in an annotation; MODELCAR_TEST_REGISTRY is {registry}");
        ModelProject source = GoldenProject("golden-source", "golden/source", $"<ContainerRegistry>{registry}</ContainerRegistry>");
        source.Publish().EnsureSuccess("dotnet publish of the oci:// source");
        string sourceDigest = new PublishedImage(source).Digest;

        var project = new ModelProject("golden-inheriting", CommonProperties("golden/inheriting") + $"<ContainerRegistry>{registry}</ContainerRegistry>",
            CommonItems + $"""<ModelSource Include="oci://{registry}/golden/source@{sourceDigest}" />""");
        WriteFixedFile(project, "adapter/adapter_config.json", 1234);
        project.Publish().EnsureSuccess("dotnet publish with an oci:// source");
        Assert.AreEqual(InheritingDigest, new PublishedImage(project).Digest, "manifest digest of the inheriting modelcar");
    }

    private static void AssertLayeredGolden(PublishedImage published, string where)
    {
        Assert.AreEqual(LayeredOnBaseDigest, published.Digest, $"manifest digest of the layered modelcar ({where})");
        string modelPack = published.ImageJson.RootElement.GetProperty("referrers").EnumerateArray()
            .Single(r => r.GetProperty("artifactType").GetString() == "application/vnd.cncf.model.manifest.v1+json")
            .GetProperty("digest").GetString()!;
        Assert.AreEqual(LayeredOnBaseModelPackDigest, modelPack, $"ModelPack referrer digest ({where})");
    }

    /// <summary>Publishes the scratch golden image to an archive and returns its path, the base of the layered case.</summary>
    private static string ScratchBaseArchive()
    {
        ModelProject project = GoldenProject("golden-base", "golden/base", "");
        project.Publish().EnsureSuccess("dotnet publish of the base");
        return Path.Combine(project.PublishDirectory, "golden-base.oci.tar");
    }

    private static ModelProject GoldenProject(string name, string repository, string extra)
    {
        var project = new ModelProject(name, CommonProperties(repository) + extra, CommonItems);
        WriteFixedFile(project, "model-00001-of-00002.safetensors", 3 * 1024 * 1024 + 11);
        WriteFixedFile(project, "model-00002-of-00002.safetensors", 2 * 1024 * 1024);
        WriteFixedFile(project, "config.json", 700);
        WriteFixedFile(project, "tokenizer/tokenizer.json", 5000);
        WriteFixedFile(project, "tokenizer/empty.txt", 0);
        return project;
    }

    private static string CommonProperties(string repository) => $"""
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>scratch</ContainerBaseImage>
                <KServeStorageMode>oci+native</KServeStorageMode>
                <KServeModelFormat>huggingface</KServeModelFormat>
                <Version>1.0.0</Version>
                <RepositoryUrl>https://example.com/acme/golden</RepositoryUrl>
                <SourceRevisionId>0123456789abcdef0123456789abcdef01234567</SourceRevisionId>
                <SourceDateEpoch>{Epoch}</SourceDateEpoch>
                <ModelcarLargeFileThreshold>1MB</ModelcarLargeFileThreshold>
                <ModelcarUseDigestCache>false</ModelcarUseDigestCache>
            """;

    private const string CommonItems = """
                <ContainerLabel Include="org.example.team" Value="ml-platform" />
                <ContainerEnvironmentVariable Include="HF_HUB_OFFLINE" Value="1" />
            """;

    /// <summary>A file whose bytes depend only on its path and size: SHA-256 of (path, block number), block after block.</summary>
    private static void WriteFixedFile(ModelProject project, string relativePath, int size)
    {
        string path = Path.Combine(project.Directory, "model", relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var data = new byte[size];
        byte[] name = Encoding.UTF8.GetBytes(relativePath);
        for (int block = 0; block * 32 < size; block++)
        {
            byte[] hash = SHA256.HashData([.. name, .. BitConverter.GetBytes(block)]);
            hash.AsSpan(0, Math.Min(32, size - block * 32)).CopyTo(data.AsSpan(block * 32));
        }
        File.WriteAllBytes(path, data);
    }
}
