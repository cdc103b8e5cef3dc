using System.Globalization;

namespace Modelcar;

/// <summary>Human-readable sizes and rates for progress lines.</summary>
public static class ByteSize
{
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    public static string Rate(long bytes, TimeSpan elapsed) =>
        elapsed.TotalSeconds <= 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{bytes / elapsed.TotalSeconds / 1_000_000:0} MB/s");
}
