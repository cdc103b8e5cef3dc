using System.Globalization;

namespace Modelcar.Sources.Remote;

/// <summary><c>ModelcarSourceParallelism</c>: how many remote files download at once.</summary>
public static class DownloadParallelism
{
    public const int Default = 4;
    public const int Max = 64;

    /// <summary>The property's value; empty means <see cref="Default"/>.</summary>
    public static int Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Default;
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value)) value = -1;
        return Check(value, text.Trim());
    }

    /// <summary>Fails with MODELCAR083 unless <paramref name="value"/> is from 1 to <see cref="Max"/>.</summary>
    public static int Check(int value, string? asWritten = null)
    {
        if (value is >= 1 and <= Max) return value;
        throw new ModelcarException(ErrorCodes.InvalidSourceParallelism,
            $"ModelcarSourceParallelism '{asWritten ?? value.ToString(CultureInfo.InvariantCulture)}' is not a number of downloads from 1 to {Max}. Leave it unset for {Default}, or give a whole number such as 8 (more helps with many small files on a fast link; 1 downloads one file at a time).");
    }
}
