using System.Collections;
using Microsoft.Build.Framework;

namespace Modelcar.Sdk.Tests;

/// <summary>
/// Stands in for MSBuild's engine under a task so the test can read the event arguments the task logged (file, line,
/// help link), which the console logger of a real build does not print. A fake only because the real engine is not a
/// package this repository can restore; the end-to-end tests run the same tasks under real MSBuild.
/// </summary>
internal sealed class RecordingBuildEngine(string taskFile, IReadOnlyDictionary<string, string>? globalProperties = null) : IBuildEngine6
{
    public List<BuildErrorEventArgs> Errors { get; } = [];
    public List<BuildWarningEventArgs> Warnings { get; } = [];

    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);
    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
    public void LogMessageEvent(BuildMessageEventArgs e) { }
    public void LogCustomEvent(CustomBuildEventArgs e) { }
    public void LogTelemetry(string eventName, IDictionary<string, string> properties) { }

    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 42;
    public int ColumnNumberOfTaskNode => 5;
    public string ProjectFileOfTaskNode => taskFile;
    public bool IsRunningMultipleNodes => false;

    public IReadOnlyDictionary<string, string> GetGlobalProperties() => globalProperties ?? new Dictionary<string, string>();

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => throw new NotSupportedException();
    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion) => throw new NotSupportedException();
    public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) => throw new NotSupportedException();
    public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) => throw new NotSupportedException();
    public void Yield() { }
    public void Reacquire() { }
    public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection) { }
    public object? GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => null;
    public object? UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => null;
}
