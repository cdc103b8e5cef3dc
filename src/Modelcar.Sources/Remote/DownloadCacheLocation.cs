namespace Modelcar.Sources.Remote;

/// <summary>Where downloads are kept between builds when <c>ModelcarSourceCache</c> is not set.</summary>
public static class DownloadCacheLocation
{
    /// <summary>$MODELCAR_CACHE, else $XDG_CACHE_HOME/modelcar, else ~/.cache/modelcar.</summary>
    public static string Default(Func<string, string?> getEnvironmentVariable)
    {
        string? explicitCache = getEnvironmentVariable("MODELCAR_CACHE");
        if (!string.IsNullOrWhiteSpace(explicitCache)) return Path.GetFullPath(explicitCache);
        string? xdg = getEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg)) return Path.Combine(Path.GetFullPath(xdg), "modelcar");
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "modelcar");
    }
}
