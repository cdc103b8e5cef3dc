using System.Text.Json.Nodes;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Build.BaseImages;

/// <summary>
/// The image a modelcar is built on, already narrowed to one platform: its manifest's layers and its config.
/// A base of "scratch" has neither; KServe's native OCI mode needs nothing else.
/// </summary>
public sealed record BaseImage
{
    /// <summary>The base's registry reference, or null for scratch and for a local layout or archive.</summary>
    public ImageReference? Reference { get; init; }

    /// <summary>For messages: the reference, or <c>oci:DIR:TAG</c> / <c>oci-archive:FILE</c> for a local base. Null for scratch.</summary>
    public string? Name { get; init; }

    /// <summary>The digest of the platform manifest the modelcar builds on (the base.digest annotation).</summary>
    public Digest? ManifestDigest { get; init; }

    public required Platform Platform { get; init; }

    public IReadOnlyList<Descriptor> Layers { get; init; } = [];

    /// <summary>The base's config, or null for scratch; the modelcar's config starts as a copy of it.</summary>
    public JsonObject? Config { get; init; }

    /// <summary>Where the base's layers can be read from when the target does not already hold them.</summary>
    public IBlobSource? Blobs { get; init; }

    public bool IsScratch => Reference is null && Name is null;

    public static BaseImage Scratch(Platform platform) => new() { Platform = platform };

    /// <summary>What messages call this base.</summary>
    public string DisplayName => Name ?? Reference?.ToString() ?? "scratch";
}

/// <summary>Somewhere blobs can be read from: a registry repository, a local layout.</summary>
public interface IBlobSource
{
    /// <summary>The registry host the blobs live on, when they live on one (to mount instead of copy).</summary>
    string? Registry { get; }

    /// <summary>The repository on <see cref="Registry"/>.</summary>
    string? Repository { get; }

    Task<Stream> OpenBlobAsync(Digest digest, CancellationToken cancellationToken);
}
