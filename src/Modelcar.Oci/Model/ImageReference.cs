using System.Text;
using System.Text.RegularExpressions;

namespace Modelcar.Oci.Model;

/// <summary>
/// An image reference, <c>[registry/]repository[:tag][@digest]</c>, parsed by the rules of the distribution
/// reference grammar that docker, podman, skopeo and containerd share, including Docker Hub's defaults.
/// </summary>
public sealed partial record ImageReference
{
    public const string DockerHub = "docker.io";

    /// <summary>The registry host as the user wrote it (with port), e.g. <c>quay.io</c> or <c>127.0.0.1:5000</c>.</summary>
    public required string Registry { get; init; }

    public required string Repository { get; init; }

    public string? Tag { get; init; }

    public Digest? Digest { get; init; }

    /// <summary>The host the distribution API is served from: Docker Hub's API does not live at docker.io.</summary>
    public string ApiHost => Registry == DockerHub ? "registry-1.docker.io" : Registry;

    /// <summary>The tag or digest to ask the registry for; the digest wins when both are given.</summary>
    public string ManifestReference => Digest?.ToString() ?? Tag ?? "latest";

    public override string ToString()
    {
        var text = new StringBuilder().Append(Registry).Append('/').Append(Repository);
        if (Tag is not null) text.Append(':').Append(Tag);
        if (Digest is not null) text.Append('@').Append(Digest.Value.ToString());
        return text.ToString();
    }

    public ImageReference WithDigest(Digest digest) => this with { Digest = digest };

    public static ImageReference Parse(string value)
    {
        string text = value.Trim();
        if (text.Length == 0)
        {
            throw new ModelcarException(ErrorCodes.InvalidReference, "An image reference is empty. Give one such as 'quay.io/acme/model:1.0'.");
        }

        Digest? digest = null;
        int at = text.IndexOf('@');
        if (at >= 0)
        {
            digest = Model.Digest.Parse(text[(at + 1)..]);
            text = text[..at];
        }

        string? tag = null;
        int lastSlash = text.LastIndexOf('/');
        int lastColon = text.LastIndexOf(':');
        if (lastColon > lastSlash)
        {
            tag = text[(lastColon + 1)..];
            text = text[..lastColon];
            ValidateTag(tag);
        }

        string registry;
        string repository;
        int firstSlash = text.IndexOf('/');
        string first = firstSlash < 0 ? "" : text[..firstSlash];
        if (firstSlash > 0 && (first.Contains('.') || first.Contains(':') || first == "localhost" || first.Any(char.IsAsciiLetterUpper)))
        {
            registry = first;
            repository = text[(firstSlash + 1)..];
        }
        else
        {
            registry = DockerHub;
            repository = text;
        }
        if (registry is "index.docker.io" or "registry-1.docker.io") registry = DockerHub;
        if (registry == DockerHub && !repository.Contains('/')) repository = "library/" + repository;

        ValidateRegistry(registry);
        ValidateRepository(repository);
        return new ImageReference { Registry = registry, Repository = repository, Tag = tag, Digest = digest };
    }

    public static void ValidateRegistry(string registry)
    {
        if (!RegistryPattern().IsMatch(registry))
        {
            throw new ModelcarException(ErrorCodes.InvalidRegistry,
                $"'{registry}' is not a valid registry host. Give a host name with an optional port, such as 'quay.io' or 'localhost:5000', without a scheme or path.");
        }
    }

    public static void ValidateRepository(string repository)
    {
        if (repository.Length > 255 || !RepositoryPattern().IsMatch(repository))
        {
            throw new ModelcarException(ErrorCodes.InvalidRepository,
                $"'{repository}' is not a valid repository name. Use lower-case letters, digits and the separators '.', '_', '__', '-' within '/'-separated components, 255 characters at most (for example 'acme/granite-3.1-2b').");
        }
    }

    public static void ValidateTag(string tag)
    {
        if (!TagPattern().IsMatch(tag))
        {
            throw new ModelcarException(ErrorCodes.InvalidTag,
                $"'{tag}' is not a valid tag. A tag is 1 to 128 characters of letters, digits, '_', '.' and '-', and does not start with '.' or '-'.");
        }
    }

    /// <summary>
    /// Turns a project name into a valid repository name the way the .NET SDK does for ContainerRepository:
    /// lower-case, invalid characters replaced by '-', separators not doubled or at the ends.
    /// </summary>
    public static string RepositoryFromName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (char c in name.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '/' ? c : '-');
        }
        string collapsed = CollapseSeparators().Replace(builder.ToString(), m => m.Value[..1]);
        string trimmed = string.Join('/', collapsed.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim('-', '.', '_')).Where(p => p.Length > 0));
        return trimmed.Length == 0 ? "model" : trimmed[..Math.Min(trimmed.Length, 255)].TrimEnd('-', '.', '_', '/');
    }

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]{1,5})?$")]
    private static partial Regex RegistryPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"[-._]{2,}")]
    private static partial Regex CollapseSeparators();
}
