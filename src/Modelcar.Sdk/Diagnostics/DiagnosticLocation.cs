using System.Text.RegularExpressions;
using Modelcar.Sdk.Properties;

namespace Modelcar.Sdk.Diagnostics;

/// <summary>Where a diagnostic is shown: the project file and, when it writes the property, that element's line.</summary>
public sealed record DiagnosticLocation(string? File, int Line)
{
    /// <summary>
    /// Codes that are always about one property, for messages that quote the value without naming it (the KServe
    /// library's, which know nothing of MSBuild).
    /// </summary>
    private static readonly Dictionary<string, string> PropertyOfCode = new(StringComparer.Ordinal)
    {
        [ErrorCodes.InvalidInferenceServiceName] = "KServeName",
        [ErrorCodes.MissingModelFormat] = "KServeModelFormat",
        [ErrorCodes.InvalidNamespace] = "KServeNamespace",
        [ErrorCodes.InvalidStorageMode] = "KServeStorageMode",
        [ErrorCodes.InvalidUser] = "ContainerUser",
    };

    /// <summary>
    /// The location for a message about <paramref name="property"/> or, when that is null, about the property its
    /// code is always about, else the first of the SDK's property or item names the message mentions. Always the
    /// project file: the SDK's targets are not where a user can fix anything. A property set on the command line
    /// (<paramref name="isGlobal"/>) gets no line, since the project's element is not the value in force.
    /// </summary>
    public static DiagnosticLocation For(string? projectFile, string? property, string? code, string message, Func<string, bool>? isGlobal = null)
    {
        if (string.IsNullOrEmpty(projectFile)) return new DiagnosticLocation(null, 0);
        string? name = property ?? (code is not null && PropertyOfCode.TryGetValue(code, out string? known) ? known : FirstNameIn(message));
        if (name is null || isGlobal?.Invoke(name) == true) return new DiagnosticLocation(projectFile, 0);
        return new DiagnosticLocation(projectFile, ProjectElements.LineOf(ProjectElements.Read(projectFile), name));
    }

    /// <summary>The SDK name that occurs earliest in <paramref name="message"/> as a whole word.</summary>
    public static string? FirstNameIn(string message)
    {
        int firstIndex = int.MaxValue;
        string? found = null;
        foreach (string name in KnownNames.Properties.Concat(KnownNames.Items))
        {
            Match m = Regex.Match(message, $@"(?<![A-Za-z0-9_]){Regex.Escape(name)}(?![A-Za-z0-9_])");
            if (m.Success && m.Index < firstIndex) (firstIndex, found) = (m.Index, name);
        }
        return found;
    }
}
