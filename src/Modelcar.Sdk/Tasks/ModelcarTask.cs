using Microsoft.Build.Framework;
using Modelcar.Oci;
using Modelcar.Sdk.Logging;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// Base of every task: runs the async work, turns a <see cref="ModelcarException"/> into one MSBuild error
/// with its code (no stack trace), and cancels cleanly on Ctrl+C or an MSBuild cancel.
/// </summary>
public abstract class ModelcarTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    public void Cancel() => _cancellation.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            ExecuteAsync(new MSBuildOciLog(Log), _cancellation.Token).GetAwaiter().GetResult();
        }
        catch (ModelcarException e)
        {
            Log.LogError(subcategory: null, errorCode: e.Code, helpKeyword: null, file: BuildEngine?.ProjectFileOfTaskNode, 0, 0, 0, 0, message: e.Message);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            Log.LogWarning($"{GetType().Name} was cancelled; no tag was changed.");
            return false;
        }
        catch (Exception e)
        {
            Log.LogError(subcategory: null, errorCode: ErrorCodes.InternalError, helpKeyword: null, file: BuildEngine?.ProjectFileOfTaskNode, 0, 0, 0, 0,
                message: $"Modelcar.Sdk failed unexpectedly in {GetType().Name}: {e.GetType().Name}: {e.Message} This is a bug; please report it with the output of a build run with -v:diag.");
            Log.LogMessage(MessageImportance.Low, e.ToString());
        }
        return !Log.HasLoggedErrors;
    }

    protected abstract Task ExecuteAsync(IOciLog log, CancellationToken cancellationToken);
}
