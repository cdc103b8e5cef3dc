using System.Globalization;

namespace Modelcar.Publishing.Properties;

/// <summary>A byte count with an optional KB/MB/GB/TB (1024-based) suffix, e.g. <c>20GB</c>.</summary>
public static class SizeValue
{
    /// <returns>Null when <paramref name="text"/> is empty, so the caller's default applies.</returns>
    public static long? Parse(string? text, string property)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        string value = text.Trim().ToUpperInvariant().Replace("IB", "B");
        (string number, long unit) = value switch
        {
            _ when value.EndsWith("TB", StringComparison.Ordinal) => (value[..^2], 1L << 40),
            _ when value.EndsWith("GB", StringComparison.Ordinal) => (value[..^2], 1L << 30),
            _ when value.EndsWith("MB", StringComparison.Ordinal) => (value[..^2], 1L << 20),
            _ when value.EndsWith("KB", StringComparison.Ordinal) => (value[..^2], 1L << 10),
            _ when value.EndsWith('B') => (value[..^1], 1L),
            _ => (value, 1L),
        };
        if (!long.TryParse(number.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long count) || count <= 0)
        {
            throw new ModelcarException(ErrorCodes.InvalidSize,
                $"{property} '{text}' is not a size. Give a number of bytes, optionally with KB, MB, GB or TB (for example '20GB').");
        }
        return checked(count * unit);
    }
}
