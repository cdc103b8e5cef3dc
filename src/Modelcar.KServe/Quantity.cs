using System.Globalization;
using System.Text.RegularExpressions;

namespace Modelcar.KServe;

/// <summary>
/// Kubernetes resource quantities (<c>500m</c>, <c>16Gi</c>, <c>1.5</c>, <c>2e3</c>): parsed only far enough to
/// compare a request with its limit and to tell whole numbers from fractions. The text the user wrote is what goes
/// into the manifest, never a re-rendering.
/// </summary>
internal static partial class Quantity
{
    /// <summary>Parses a quantity into its value in base units; false when it is not a quantity or out of range.</summary>
    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (text is null) return false;
        var match = Pattern().Match(text);
        if (!match.Success) return false;
        try
        {
            decimal number = decimal.Parse(match.Groups["number"].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            string suffix = match.Groups["suffix"].Value;
            decimal scale = suffix switch
            {
                "" => 1m,
                "n" => 1e-9m,
                "u" => 1e-6m,
                "m" => 1e-3m,
                "k" => 1e3m,
                "M" => 1e6m,
                "G" => 1e9m,
                "T" => 1e12m,
                "P" => 1e15m,
                "E" => 1e18m,
                "Ki" => 1024m,
                "Mi" => 1024m * 1024,
                "Gi" => 1024m * 1024 * 1024,
                "Ti" => 1024m * 1024 * 1024 * 1024,
                "Pi" => 1024m * 1024 * 1024 * 1024 * 1024,
                "Ei" => 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
                _ => Power10(int.Parse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
            };
            value = number * scale;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static decimal Power10(int exponent)
    {
        if (exponent is > 28 or < -28) throw new OverflowException();
        decimal result = 1m;
        for (int i = 0; i < Math.Abs(exponent); i++) result *= 10m;
        return exponent < 0 ? 1m / result : result;
    }

    // The grammar of k8s.io/apimachinery/pkg/api/resource: a signed decimal, then a binary-SI suffix, a decimal-SI
    // suffix or a decimal exponent.
    [GeneratedRegex("^(?<number>[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(?<suffix>Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$")]
    private static partial Regex Pattern();
}
