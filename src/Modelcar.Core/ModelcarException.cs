namespace Modelcar;

/// <summary>
/// A failure the user can act on: it carries a stable code (<c>MODELCAR0xx</c>, catalogued in docs/errors.md)
/// and a message that names the offending value and what to do. The MSBuild tasks log these as errors without
/// a stack trace; anything else that escapes is a bug in this project.
/// </summary>
public sealed class ModelcarException : Exception
{
    public ModelcarException(string code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    /// <summary>The stable error code, e.g. <c>MODELCAR001</c>.</summary>
    public string Code { get; }

    /// <summary>
    /// The MSBuild property (or item type) whose value is wrong, when the thrower knows it, so that the error can
    /// point at its element in the project file. Null: the SDK looks for a property the message names.
    /// </summary>
    public string? Property { get; init; }
}
