using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Modelcar.Sdk.Diagnostics;

namespace Modelcar.Sdk.Logging;

/// <summary>
/// Sends the libraries' progress to the build log: finished layers and summaries at high importance so
/// they show at the default verbosity of <c>dotnet publish</c>, request-level detail only with -v:d.
/// Under the terminal logger, which shows no message below -v:d, progress also goes to the console, as a live line
/// under the logger's status.
/// </summary>
internal sealed class MSBuildModelcarLog(TaskLoggingHelper log, ProjectDiagnostics diagnostics) : IModelcarLog
{
    private readonly Lazy<BuildConsole?> _live = new(LiveConsole.ForTerminalLogger);

    public void Info(string message) => log.LogMessage(MessageImportance.High, message);

    public void Detail(string message) => log.LogMessage(MessageImportance.Low, message);

    public void Warning(string code, string message) => diagnostics.Warning(code, message);

    public void Progress(string message)
    {
        Info(message);
        _live.Value?.WriteStatus(message.Trim());
    }
}
