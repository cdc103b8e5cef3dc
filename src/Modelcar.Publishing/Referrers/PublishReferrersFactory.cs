using System.Reflection;
using Modelcar.Attestations.ModelPack;
using Modelcar.Attestations;
using Modelcar.Oci.Build.BaseImages;
using Modelcar.Publishing.Sources;
using Modelcar.Sources;

namespace Modelcar.Publishing.Referrers;

/// <summary>Builds a publish's <see cref="PublishReferrers"/> from its options and what the publish resolved.</summary>
internal static class PublishReferrersFactory
{
    public static PublishReferrers For(
        PublishOptions options, ImageSettings settings, IReadOnlyList<BaseImage> bases, IReadOnlyList<ResolvedModelFile> files, DateTimeOffset? created)
    {
        IReadOnlyList<SourceProvenance> sources = SourceProvenanceRecord.Of(files);
        string name = settings.Repository.Split('/')[^1];
        string imageName = $"{(settings.PushesToRegistry ? settings.Registry : "localhost")}/{settings.Repository}";
        BaseImage baseImage = bases[0];
        ImageOptions project = options.Image;
        return new PublishReferrers
        {
            ModelPack = options.ModelPack,
            Attestations = options.Attestations,
            ModelPackInfo = new ModelPackInfo(name)
            {
                Version = project.Version?.Trim(),
                // A model from one Hugging Face repository has that commit as its revision; else the project's own.
                Revision = sources.Count == 1 && sources[0].Revision is { } revision ? revision : options.SourceRevisionId?.Trim(),
                SourceUrl = sources.Count == 1 ? sources[0].Uri : options.RepositoryUrl?.Trim(),
                CreatedAt = created,
            },
            Inputs = image => new AttestationInputs
            {
                Image = image,
                ImageName = imageName,
                ModelName = name,
                ProjectPath = ProjectPath(project.ProjectFile, project.ProjectDirectory, project.ProjectName),
                Properties = Properties(options),
                BaseImage = baseImage.IsScratch || baseImage.ManifestDigest is null ? null : new BaseImageInput(baseImage.DisplayName, baseImage.ManifestDigest.Value),
                Sources = [.. sources.Select(s => new SourceInput(s.Uri, s.Revision))],
                SdkVersion = SdkVersion,
                Builder = BuilderIdentity.FromEnvironment(Environment.GetEnvironmentVariable),
            },
        };
    }

    /// <summary>The informational version of this assembly (the package version, which every assembly of the SDK shares), without the source-link suffix.</summary>
    private static string SdkVersion =>
        (typeof(PublishReferrersFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>
    /// The project file relative to its repository root (the nearest folder with .git), so the statement names the
    /// same path on every machine; outside a repository, the file name alone. Never an absolute local path.
    /// </summary>
    private static string ProjectPath(string? projectFile, string projectDirectory, string projectName)
    {
        string file = string.IsNullOrWhiteSpace(projectFile) ? Path.Combine(projectDirectory, projectName + ".modelproj") : projectFile;
        for (DirectoryInfo? folder = new FileInfo(file).Directory; folder is not null; folder = folder.Parent)
        {
            if (Directory.Exists(Path.Combine(folder.FullName, ".git")) || File.Exists(Path.Combine(folder.FullName, ".git")))
            {
                return Path.GetRelativePath(folder.FullName, file).Replace('\\', '/');
            }
        }
        return Path.GetFileName(file);
    }

    /// <summary>
    /// The properties that decided the image, as the project set them (empty ones left out). None holds a secret.
    /// ContainerUser and ContainerRuntimeIdentifier are named with their <see cref="ImageDefaults"/> where the SDK's
    /// targets used to set those defaults, so the provenance reads as it did.
    /// </summary>
    private static Dictionary<string, string> Properties(PublishOptions options)
    {
        ImageOptions image = options.Image;
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) properties[name] = value.Trim();
        }
        Add("ContainerRegistry", image.ContainerRegistry);
        Add("ContainerRepository", image.ContainerRepository);
        Add("ContainerImageTag", image.ContainerImageTag);
        Add("ContainerImageTags", image.ContainerImageTags);
        Add("Version", image.Version);
        Add("ContainerBaseImage", image.ContainerBaseImage);
        Add("ContainerRuntimeIdentifier", string.IsNullOrEmpty(image.ContainerRuntimeIdentifier) && string.IsNullOrEmpty(image.RuntimeIdentifier)
            ? ImageDefaults.RuntimeIdentifier : image.ContainerRuntimeIdentifier);
        Add("ContainerRuntimeIdentifiers", options.ContainerRuntimeIdentifiers);
        Add("ContainerUser", string.IsNullOrEmpty(image.ContainerUser) ? ImageDefaults.User : image.ContainerUser);
        Add("KServeStorageMode", options.StorageMode);
        Add("ModelcarLargeFileThreshold", image.LargeFileThreshold);
        Add("ContainerMaxLayerSize", image.MaxLayerSize);
        Add("ModelcarSmallFileCompression", image.SmallFileCompression);
        Add("SOURCE_DATE_EPOCH", image.SourceDateEpoch);
        Add("ModelcarModelPack", options.ModelPack ? "true" : null);
        Add("ModelcarAttestations", options.Attestations ? "true" : null);
        return properties;
    }
}
