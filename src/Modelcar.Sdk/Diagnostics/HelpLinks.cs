namespace Modelcar.Sdk.Diagnostics;

/// <summary>
/// The help link of a code: its row in docs/errors.md on the repository's main branch (the RepositoryUrl of
/// Directory.Build.props; a test keeps the two equal). Every row there carries an anchor of the code in lower case.
/// </summary>
public static class HelpLinks
{
    public const string ErrorsPage = "https://github.com/modelcar-sdk/Modelcar.Sdk/blob/main/docs/errors.md";

    public static string? For(string? code) =>
        code is not null && code.StartsWith("MODELCAR", StringComparison.Ordinal) ? $"{ErrorsPage}#{code.ToLowerInvariant()}" : null;
}
