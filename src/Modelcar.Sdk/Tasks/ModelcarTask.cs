using Microsoft.Build.Framework;
using Modelcar.Sdk.Diagnostics;
using Modelcar.Sdk.Logging;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// Base of every task: runs the async work, turns a <see cref="ModelcarException"/> into one MSBuild error
/// with its code (no stack trace), and cancels cleanly on Ctrl+C or an MSBuild cancel.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "MSBuild never disposes a task, and Cancel may arrive after Execute has returned; the source holds no timer, so the collector frees it.")]
public abstract class ModelcarTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    public void Cancel() => _cancellation.Cancel();

    /// <summary>
    /// The project being built (<c>$(MSBuildProjectFullPath)</c>): errors and warnings point at it, on the line of the
    /// property they are about; without it they fall back to the task's place in the SDK's targets.
    /// </summary>
    public string? ProjectFile { get; set; }

    /// <summary>Errors and warnings placed at the project file, with their help links.</summary>
    private protected ProjectDiagnostics Diagnostics => new(Log, () => string.IsNullOrEmpty(ProjectFile) ? BuildEngine?.ProjectFileOfTaskNode : ProjectFile, BuildEngine);

    public sealed override bool Execute()
    {
        try
        {
            ExecuteAsync(new MSBuildModelcarLog(Log, Diagnostics), _cancellation.Token).GetAwaiter().GetResult();
        }
        catch (ModelcarException e)
        {
            Diagnostics.Error(e.Code, e.Message, e.Property);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            Log.LogWarning($"{GetType().Name} was cancelled; no tag was changed.");
            return false;
        }
        catch (Exception e)
        {
            Diagnostics.Error(ErrorCodes.InternalError,
                $"Modelcar.Sdk failed unexpectedly in {GetType().Name}: {e.GetType().Name}: {e.Message} This is a bug; please report it with the output of a build run with -v:diag.");
            Log.LogMessage(MessageImportance.Low, e.ToString());
        }
        return !Log.HasLoggedErrors;
    }

    protected abstract Task ExecuteAsync(IModelcarLog log, CancellationToken cancellationToken);
}
