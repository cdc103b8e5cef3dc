using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Modelcar.Oci;
using Modelcar.Sdk.Diagnostics;

namespace Modelcar.Sdk.Logging;

/// <summary>
/// Sends the libraries' progress to the build log: finished layers and summaries at high importance so
/// they show at the default verbosity of <c>dotnet publish</c>, request-level detail only with -v:d.
/// </summary>
internal sealed class MSBuildOciLog(TaskLoggingHelper log, ProjectDiagnostics diagnostics) : IOciLog
{
    public void Info(string message) => log.LogMessage(MessageImportance.High, message);

    public void Detail(string message) => log.LogMessage(MessageImportance.Low, message);

    public void Warning(string code, string message) => diagnostics.Warning(code, message);
}
