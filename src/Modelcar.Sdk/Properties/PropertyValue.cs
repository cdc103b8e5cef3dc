using System.Globalization;

namespace Modelcar.Sdk.Properties;

/// <summary>
/// Reads a property's text as a bool, a whole number or one of a list of words, the one place for those rules and
/// for the message a bad value gets: it names the property, quotes the value and lists what is accepted. The tasks
/// take such properties as strings and parse them here, so a bad value is a MODELCAR error naming the property and
/// never MSBuild's MSB4030 naming a task parameter the user has never seen.
/// </summary>
public static class PropertyValue
{
    /// <summary>
    /// <c>true</c> or <c>false</c> (any case, surrounding blanks ignored); empty gives <paramref name="defaultValue"/>.
    /// Nothing else: the SDK's targets compare these properties with <c>'true'</c>, so a <c>yes</c> or <c>1</c>
    /// accepted here would be read as false there.
    /// </summary>
    public static bool Bool(string? text, string property, bool defaultValue = false)
    {
        string value = (text ?? "").Trim();
        if (value.Length == 0) return defaultValue;
        if (value.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        if (value.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        throw Invalid(property, text!, "'true' or 'false'");
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; empty gives <paramref name="defaultValue"/>.</summary>
    /// <param name="meaning">What the number counts, for the message ("layers uploaded at once; 0 sizes it to the machine").</param>
    public static int Int(string? text, string property, int min, int max, int defaultValue, string? meaning = null)
    {
        string value = (text ?? "").Trim();
        if (value.Length == 0) return defaultValue;
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number) && number >= min && number <= max)
        {
            return number;
        }
        string range = $"a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
        throw Invalid(property, text!, meaning is null ? range : $"{range} ({meaning})");
    }

    /// <summary>
    /// One of <paramref name="accepted"/> (compared ignoring case), returned as the list spells it; empty gives
    /// <paramref name="defaultValue"/>.
    /// </summary>
    public static string OneOf(string? text, string property, IReadOnlyList<string> accepted, string defaultValue)
    {
        string value = (text ?? "").Trim();
        if (value.Length == 0) return defaultValue;
        return accepted.FirstOrDefault(a => a.Equals(value, StringComparison.OrdinalIgnoreCase))
            ?? throw Invalid(property, text!, Listed(accepted));
    }

    /// <summary>The error for a value that is none of <paramref name="accepted"/>, in the one shape every property shares.</summary>
    public static ModelcarException Invalid(string property, string value, string accepted, string code = ErrorCodes.InvalidPropertyValue) =>
        new(code, $"{property} is '{value}', which is not a value it accepts. Accepted values: {accepted}. Fix it in the project file, or in the -p:{property}=... that set it.")
        {
            Property = property,
        };

    /// <summary>
    /// Runs a check written before this type (image and platform parsing) and makes its error name
    /// <paramref name="property"/>, so the user knows which setting to fix even when the value came from a default.
    /// </summary>
    public static T Named<T>(string property, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ModelcarException e) when (e.Property is null)
        {
            string message = e.Message.Contains(property, StringComparison.Ordinal) ? e.Message : $"{property}: {e.Message}";
            throw new ModelcarException(e.Code, message, e.InnerException) { Property = property };
        }
    }

    /// <summary><c>'a', 'b' or 'c'</c>.</summary>
    public static string Listed(IReadOnlyList<string> values) => values.Count switch
    {
        0 => "",
        1 => $"'{values[0]}'",
        _ => string.Join(", ", values.Take(values.Count - 1).Select(v => $"'{v}'")) + $" or '{values[^1]}'",
    };
}
