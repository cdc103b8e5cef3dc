using Modelcar.KServe;
using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Layout;
using Modelcar.Oci.Model;
using Modelcar.Oci.Registry;

namespace Modelcar.Publishing;

/// <summary>The resolve stage for bases: each platform's base, and the check that a classic modelcar's base can run in KServe.</summary>
public static class BaseImages
{
    /// <summary>The base for each platform: from its registry, from a local layout or archive, or none (scratch).</summary>
    public static async Task<IReadOnlyList<BaseImage>> ResolveAsync(
        ImageSettings settings, IReadOnlyList<Platform> platforms, Func<string, RegistryClient> clientFor, string projectDirectory, CancellationToken cancellationToken)
    {
        if (settings.LocalBaseImage is not null)
        {
            (OciLayoutSource layout, string tag) = OciLayoutSource.Parse(settings.LocalBaseImage, projectDirectory);
            return await BaseImageResolver.ResolveAllAsync(layout, tag, platforms, cancellationToken);
        }
        if (settings.BaseImage is null) return [.. platforms.Select(BaseImage.Scratch)];
        var source = new RegistryImageSource(clientFor(settings.BaseImage.Registry), settings.BaseImage);
        return await BaseImageResolver.ResolveAllAsync(source, settings.BaseImage.ManifestReference, platforms, cancellationToken, settings.BaseImage);
    }

    /// <summary>Before any byte is pushed: a classic modelcar's base must hold what KServe runs in it.</summary>
    /// <param name="checkCachePath">What the check found, by base manifest digest; empty: remember nothing.</param>
    public static async Task CheckAsync(BaseImage baseImage, OciMode mode, bool skipBaseImageCheck, string? checkCachePath, IModelcarLog log, CancellationToken cancellationToken)
    {
        if (mode != OciMode.Modelcar || baseImage.IsScratch) return;
        if (skipBaseImageCheck)
        {
            log.Info($"  not checking {baseImage.DisplayName} for {string.Join(", ", ClassicModeCommands.Required)} (ModelcarSkipBaseImageCheck=true)");
            return;
        }
        await BaseImageCommandCheck.EnsureClassicModeAsync(baseImage, BaseImageCommandCache.Load(checkCachePath), log, cancellationToken);
    }
}
