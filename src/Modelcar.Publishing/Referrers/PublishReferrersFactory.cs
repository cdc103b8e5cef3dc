using System.Reflection;
using Modelcar.Attestations;
using Modelcar.Attestations.ModelPack;
using Modelcar.Oci.Build;
using Modelcar.Sdk.Sources;
using Modelcar.Sdk.Tasks;
using Modelcar.Sources;

namespace Modelcar.Sdk.Referrers;

/// <summary>Builds a publish's <see cref="PublishReferrers"/> from the task's properties and what the publish resolved.</summary>
internal static class PublishReferrersFactory
{
    public static PublishReferrers For(
        PublishModelcarImage task, ImageSettings settings, IReadOnlyList<BaseImage> bases, IReadOnlyList<ResolvedModelFile> files, DateTimeOffset? created)
    {
        IReadOnlyList<SourceProvenance> sources = SourceProvenanceRecord.Of(files);
        string name = settings.Repository.Split('/')[^1];
        string imageName = $"{(settings.PushesToRegistry ? settings.Registry : "localhost")}/{settings.Repository}";
        BaseImage baseImage = bases[0];
        return new PublishReferrers
        {
            ModelPack = task.ModelPack,
            Attestations = task.Attestations,
            ModelPackInfo = new ModelPackInfo(name)
            {
                Version = task.Version?.Trim(),
                // A model from one Hugging Face repository has that commit as its revision; else the project's own.
                Revision = sources.Count == 1 && sources[0].Revision is { } revision ? revision : task.SourceRevisionId?.Trim(),
                SourceUrl = sources.Count == 1 ? sources[0].Uri : task.RepositoryUrl?.Trim(),
                CreatedAt = created,
            },
            Inputs = image => new AttestationInputs
            {
                Image = image,
                ImageName = imageName,
                ModelName = name,
                ProjectPath = ProjectPath(task.ProjectFile, task.ProjectDirectory, task.ProjectName),
                Properties = Properties(task),
                BaseImage = baseImage.IsScratch || baseImage.ManifestDigest is null ? null : new BaseImageInput(baseImage.DisplayName, baseImage.ManifestDigest.Value),
                Sources = [.. sources.Select(s => new SourceInput(s.Uri, s.Revision))],
                SdkVersion = SdkVersion,
                Builder = BuilderIdentity.FromEnvironment(Environment.GetEnvironmentVariable),
            },
        };
    }

    /// <summary>The informational version of the task assembly (the package version), without the source-link suffix.</summary>
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

    /// <summary>The properties that decided the image, as the project set them (empty ones left out). None holds a secret.</summary>
    private static Dictionary<string, string> Properties(PublishModelcarImage task)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) properties[name] = value.Trim();
        }
        Add("ContainerRegistry", task.ContainerRegistry);
        Add("ContainerRepository", task.ContainerRepository);
        Add("ContainerImageTag", task.ContainerImageTag);
        Add("ContainerImageTags", task.ContainerImageTags);
        Add("Version", task.Version);
        Add("ContainerBaseImage", task.ContainerBaseImage);
        Add("ContainerRuntimeIdentifier", task.ContainerRuntimeIdentifier);
        Add("ContainerRuntimeIdentifiers", task.ContainerRuntimeIdentifiers);
        Add("ContainerUser", task.ContainerUser);
        Add("KServeStorageMode", task.StorageMode);
        Add("ModelcarLargeFileThreshold", task.LargeFileThreshold);
        Add("ContainerMaxLayerSize", task.MaxLayerSize);
        Add("ModelcarSmallFileCompression", task.SmallFileCompression);
        Add("SOURCE_DATE_EPOCH", task.SourceDateEpoch);
        Add("ModelcarModelPack", task.ModelPack ? "true" : null);
        Add("ModelcarAttestations", task.Attestations ? "true" : null);
        return properties;
    }
}
