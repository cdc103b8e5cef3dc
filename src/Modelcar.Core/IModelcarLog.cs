namespace Modelcar;

/// <summary>
/// Where the library reports progress. The MSBuild tasks map it to the build log; tests collect it.
/// Messages never contain secrets: callers pass URLs without credentials and never log headers.
/// </summary>
public interface IModelcarLog
{
    /// <summary>A line a user wants at normal verbosity: a layer finished, a summary.</summary>
    void Info(string message);

    /// <summary>A line for detailed verbosity: each request decision, each retry.</summary>
    void Detail(string message);

    void Warning(string code, string message);

    /// <summary>A live progress line of a long transfer (bytes, rate, layer); a log that has no live display treats it as <see cref="Info"/>.</summary>
    void Progress(string message) => Info(message);
}

/// <summary>A log that drops everything, for callers that do not care.</summary>
public sealed class NullModelcarLog : IModelcarLog
{
    public static readonly NullModelcarLog Instance = new();

    public void Info(string message) { }
    public void Detail(string message) { }
    public void Warning(string code, string message) { }
}
