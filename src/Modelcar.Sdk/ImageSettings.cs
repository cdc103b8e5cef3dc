using System.Globalization;
using Modelcar.KServe;
using Modelcar.Oci.Layout;
using Modelcar.Oci.Model;

namespace Modelcar.Sdk;

/// <summary>
/// The image identity from the project's properties, checked once: where it goes, under which tags, on
/// which base and platform, run as which user. Every bad value is reported with its code before any work.
/// </summary>
public sealed record ImageSettings
{
    public const string Scratch = "scratch";

    /// <summary>Empty when the image goes to an OCI archive instead of a registry.</summary>
    public required string Registry { get; init; }

    public required string Repository { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>Null for a base-less image (<c>scratch</c>), which KServe's native OCI mode can use.</summary>
    public ImageReference? BaseImage { get; init; }

    /// <summary>
    /// A base from a local OCI layout or archive, as written (<c>oci:DIR[:TAG]</c>, <c>oci-archive:FILE[:TAG]</c>),
    /// for builds that cannot reach the base's registry. <see cref="BaseImage"/> is null then.
    /// </summary>
    public string? LocalBaseImage { get; init; }

    /// <summary>False for <c>scratch</c>: the image is /models and nothing else.</summary>
    public bool HasBase => BaseImage is not null || LocalBaseImage is not null;

    /// <summary>How the base is named in logs and the plan.</summary>
    public string BaseName => LocalBaseImage ?? BaseImage?.ToString() ?? Scratch;

    public required Platform Platform { get; init; }

    public required string User { get; init; }

    public bool PushesToRegistry => Registry.Length > 0;

    /// <summary>The published name without tag or digest, e.g. <c>quay.io/acme/model</c>.</summary>
    public ImageReference Name => new() { Registry = PushesToRegistry ? Registry : "localhost", Repository = Repository, Tag = Tags[0] };

    public static ImageSettings Create(
        string? registry, string? repository, string projectName, IReadOnlyList<string> tags,
        string? baseImage, string? runtimeIdentifier, string? user)
    {
        string registryText = (registry ?? "").Trim();
        if (registryText.Length > 0)
        {
            registryText = StripScheme(registryText);
            ImageReference.ValidateRegistry(registryText);
        }

        string repositoryText = string.IsNullOrWhiteSpace(repository) ? ImageReference.RepositoryFromName(projectName) : repository.Trim();
        ImageReference.ValidateRepository(repositoryText);

        string baseText = (baseImage ?? "").Trim();
        bool local = OciLayoutSource.IsLocal(baseText);
        ImageReference? baseReference = local || baseText.Length == 0 || baseText.Equals(Scratch, StringComparison.OrdinalIgnoreCase)
            ? null
            : ImageReference.Parse(baseText);

        return new ImageSettings
        {
            Registry = registryText,
            Repository = repositoryText,
            Tags = tags,
            BaseImage = baseReference,
            LocalBaseImage = local ? baseText : null,
            Platform = Platform.Parse(string.IsNullOrWhiteSpace(runtimeIdentifier) ? "linux-x64" : runtimeIdentifier),
            User = ValidateUser(user),
        };
    }

    /// <summary>
    /// A numeric UID (or UID:GID). A user name would need /etc/passwd in the image and does not survive
    /// OpenShift's arbitrary UIDs; KServe's uidModelcar is numeric too.
    /// </summary>
    public static string ValidateUser(string? user)
    {
        string text = string.IsNullOrWhiteSpace(user) ? "1010" : user.Trim();
        string[] parts = text.Split(':');
        bool valid = parts.Length is 1 or 2 && parts.All(p =>
            p.Length > 0 && p.All(char.IsAsciiDigit) && long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out long id) && id <= int.MaxValue);
        if (!valid)
        {
            throw new ModelcarException(ErrorCodes.InvalidUser,
                $"ContainerUser '{text}' is not a numeric UID. Give a number from 0 to {int.MaxValue} (or UID:GID); KServe runs modelcars as uidModelcar, 1010 by default.");
        }
        return text;
    }

    /// <summary>
    /// <c>ContainerRuntimeIdentifiers</c> as the .NET SDK spells it (<c>linux-x64;linux-arm64</c>, or
    /// <c>os/arch</c> forms): the platforms of a multi-platform modelcar, duplicates dropped. Null when empty.
    /// </summary>
    public static IReadOnlyList<Platform>? ParsePlatforms(string? runtimeIdentifiers)
    {
        Platform[] platforms = [.. (runtimeIdentifiers ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Platform.Parse)
            .DistinctBy(p => p.ToString())];
        return platforms.Length == 0 ? null : platforms;
    }

    /// <summary>
    /// <c>KServeStorageMode</c>: what the image must hold depends on it. <c>oci</c> (the default) runs a sidecar
    /// with a shell; <c>oci+native</c> mounts the image as a volume and needs nothing but /models.
    /// </summary>
    public static OciMode ParseStorageMode(string? mode) => (mode ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "oci" or "modelcar" => OciMode.Modelcar,
        "oci+native" or "native" => OciMode.Native,
        _ => throw new ModelcarException(ErrorCodes.InvalidStorageMode,
            $"KServeStorageMode '{mode}' is not a storage mode. Use 'oci' (a modelcar sidecar, the default) or 'oci+native' (a KServe 0.20+ image volume)."),
    };

    /// <summary>Users paste registry URLs; the .NET SDK accepts a scheme too, so strip it rather than fail.</summary>
    private static string StripScheme(string registry)
    {
        foreach (string scheme in new[] { "https://", "http://", "docker://", "oci://" })
        {
            if (registry.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return registry[scheme.Length..].TrimEnd('/');
        }
        return registry;
    }
}
