namespace Modelcar.Sdk.Logging;

/// <summary>
/// The console to write live lines to when the terminal logger hides build messages (see
/// <see cref="TerminalLoggerDetection"/>); null when the build's loggers already show them, or under -v:q.
/// </summary>
internal static class LiveConsole
{
    public static BuildConsole? ForTerminalLogger()
    {
        BuildConsole? console = BuildConsole.Open();
        if (console is null) return null;
        bool active = TerminalLoggerDetection.IsActive(console.EntryArguments, console.IsTerminal, Environment.GetEnvironmentVariable);
        return active && !TerminalLoggerDetection.IsQuiet(console.EntryArguments) ? console : null;
    }
}
