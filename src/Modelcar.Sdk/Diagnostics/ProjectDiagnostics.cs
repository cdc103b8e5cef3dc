using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Modelcar.Sdk.Diagnostics;

/// <summary>
/// Logs the SDK's errors and warnings at the project file (on the line of the property they are about, when the
/// project writes it and no -p: overrides it) with a help link to the code's entry in docs/errors.md. Without it
/// MSBuild would place them at the task's line in the SDK's Sdk.targets, inside the NuGet cache.
/// </summary>
internal sealed class ProjectDiagnostics(TaskLoggingHelper log, Func<string?> projectFile, IBuildEngine? buildEngine)
{
    public void Error(string code, string message, string? property = null)
    {
        DiagnosticLocation at = DiagnosticLocation.For(projectFile(), property, code, message, IsGlobal);
        log.LogError(subcategory: null, errorCode: code, helpKeyword: null, helpLink: HelpLinks.For(code), file: at.File, lineNumber: at.Line,
            columnNumber: 0, endLineNumber: 0, endColumnNumber: 0, message: message);
    }

    public void Warning(string code, string message, string? property = null)
    {
        DiagnosticLocation at = DiagnosticLocation.For(projectFile(), property, code, message, IsGlobal);
        log.LogWarning(subcategory: null, warningCode: code, helpKeyword: null, helpLink: HelpLinks.For(code), file: at.File, lineNumber: at.Line,
            columnNumber: 0, endLineNumber: 0, endColumnNumber: 0, message: message);
    }

    /// <summary>A warning about an element of a file the project imports (Directory.Build.props), at that file's line.</summary>
    public void WarningAt(string file, int line, string code, string message) =>
        log.LogWarning(subcategory: null, warningCode: code, helpKeyword: null, helpLink: HelpLinks.For(code), file: file, lineNumber: line,
            columnNumber: 0, endLineNumber: 0, endColumnNumber: 0, message: message);

    private bool IsGlobal(string property) =>
        buildEngine is IBuildEngine6 engine && engine.GetGlobalProperties().ContainsKey(property);
}
