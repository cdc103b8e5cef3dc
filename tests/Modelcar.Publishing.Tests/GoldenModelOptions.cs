using Modelcar.Sources;

namespace Modelcar.Publishing.Tests;

/// <summary>
/// The options dotnet publish gives the flow for GoldenDigestTests' projects (tests/Modelcar.EndToEnd.Tests): the
/// same properties after the SDK's defaults, the same ModelFile items (<c>model/**</c>), labels and environment.
/// </summary>
internal static class GoldenModelOptions
{
    /// <summary>GoldenDigestTests' ScratchArchiveDigest: what dotnet publish produces for <see cref="ScratchPublish"/>'s inputs.</summary>
    public const string ScratchArchiveDigest = "sha256:f4b61336a4d2a6009ae53c06a611a9df9d14811579edbc342f9107e069e4f4f4";

    /// <summary>GoldenDigestTests' MultiPlatformIndexDigest: the same with ContainerRuntimeIdentifiers=linux-x64;linux-arm64.</summary>
    public const string MultiPlatformIndexDigest = "sha256:7c768d0b26b7b95f786f7645b2bbee1cb451976161ba4c0e4af1a5a86b7e7904";

    /// <summary>A project folder with the golden model under model/, and the publish options of a scratch modelcar to an archive.</summary>
    public static PublishOptions ScratchPublish(string projectDirectory, string name, string repository)
    {
        string model = Path.Combine(projectDirectory, "model");
        foreach ((string path, int size) in FixedModelFiles.Golden) FixedModelFiles.Write(model, path, size);
        string publishDirectory = Path.Combine(projectDirectory, "bin", "Release", "publish");
        return new PublishOptions
        {
            Image = new ImageOptions
            {
                ProjectDirectory = projectDirectory,
                ProjectName = name,
                // As MSBuild expands model/**: the full path, and the path under model/ as the target.
                ModelFiles = [.. Directory.EnumerateFiles(model, "*", SearchOption.AllDirectories)
                    .Select(file => new ModelFileSpec(file, Path.GetRelativePath(model, file).Replace('\\', '/'), Path.GetRelativePath(projectDirectory, file)))],
                Labels = [new("org.example.team", "ml-platform")],
                Environment = [new("HF_HUB_OFFLINE", "1")],
                ContainerRepository = repository,
                ContainerBaseImage = "scratch",
                Version = "1.0.0",
                ContainerImageTagsIncludeShortVersions = "false",
                LargeFileThreshold = "1MB",
                MaxLayerSize = "20GB",
                SmallFileCompression = "none",
                AllowLinksOutOfProject = "false",
                StreamSources = "false",
                SourceParallelism = "4",
                RefreshSources = "false",
                // MSBuild hands the environment variable to the task as $(SOURCE_DATE_EPOCH); so does this.
                SourceDateEpoch = System.Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"),
            },
            ArchiveOutputPath = Path.Combine(publishDirectory, name + ".oci.tar"),
            ImageJsonPath = Path.Combine(publishDirectory, name + ".image.json"),
            Parallelism = "0",
            StorageMode = "oci+native",
            SkipBaseImageCheck = "false",
            RegistryRetries = "5",
            RegistryRetryTimeout = "300",
            RegistryNoProgressTimeout = "120",
            RepositoryUrl = "https://example.com/acme/golden",
            SourceRevisionId = "0123456789abcdef0123456789abcdef01234567",
        };
    }
}
