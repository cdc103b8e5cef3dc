namespace Modelcar.Sdk.Logging;

/// <summary>
/// Whether the build's console is drawn by MSBuild's terminal logger (<c>-tl</c>, the .NET 10 default in a terminal),
/// decided from the entry process's command line and environment by MSBuild's own rules: an explicit
/// <c>-tl:on|off</c> (or <c>MSBUILDTERMINALLOGGER</c>) wins; otherwise it is on when the output is a terminal and no
/// CI system is detected. The terminal logger prints no build message below -v:d and has no progress API for tasks
/// (dotnet/msbuild#6944), so under it progress and the final summary are written to the console directly.
/// </summary>
public static class TerminalLoggerDetection
{
    public static bool IsActive(IReadOnlyList<string> entryArguments, bool outputIsTerminal, Func<string, string?> environment)
    {
        string? choice = null;
        foreach (string argument in entryArguments)
        {
            string name = argument.TrimStart('-', '/');
            int colon = name.IndexOf(':');
            string key = (colon < 0 ? name : name[..colon]).ToLowerInvariant();
            if (key is "tl" or "terminallogger") choice = colon < 0 ? "auto" : name[(colon + 1)..].ToLowerInvariant();
        }
        choice ??= environment("MSBUILDTERMINALLOGGER")?.Trim().ToLowerInvariant() ?? "auto";
        return choice switch
        {
            "on" or "true" => true,
            "off" or "false" => false,
            _ => outputIsTerminal && !IsAutomated(environment),
        };
    }

    /// <summary>Quiet (-v:q): the user asked for errors and warnings only, so no progress either.</summary>
    public static bool IsQuiet(IReadOnlyList<string> entryArguments)
    {
        bool quiet = false;
        for (int i = 0; i < entryArguments.Count; i++)
        {
            string name = entryArguments[i].TrimStart('-', '/').ToLowerInvariant();
            // -v:q for MSBuild, -v q / --verbosity quiet for the dotnet CLI; the last one wins.
            string? value = name.StartsWith("v:", StringComparison.Ordinal) || name.StartsWith("verbosity:", StringComparison.Ordinal) ? name[(name.IndexOf(':') + 1)..]
                : (name is "v" or "verbosity") && i + 1 < entryArguments.Count ? entryArguments[i + 1].ToLowerInvariant()
                : null;
            if (value is not null) quiet = value is "q" or "quiet";
        }
        return quiet;
    }

    // MSBuild's list of automated environments, where "auto" means the classic console logger.
    private static bool IsAutomated(Func<string, string?> environment) =>
        IsTrue(environment("CI")) || IsTrue(environment("GITHUB_ACTIONS")) ||
        AutomatedEnvironmentVariables.Any(name => !string.IsNullOrEmpty(environment(name)));

    private static readonly string[] AutomatedEnvironmentVariables =
        ["COPILOT_API_URL", "BUILD_ID", "BUILDKITE", "CIRCLECI", "TEAMCITY_VERSION", "TF_BUILD", "APPVEYOR", "TRAVIS", "GITLAB_CI", "JENKINS_URL", "BAMBOO_BUILD_NUMBER"];

    private static bool IsTrue(string? value) => value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}
