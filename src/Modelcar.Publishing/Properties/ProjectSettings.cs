namespace Modelcar.Publishing.Properties;

/// <summary>
/// The ranges of the SDK's number properties that no library checks itself, in one place for the plan-time check
/// and for the task that uses the value.
/// </summary>
public static class ProjectSettings
{
    /// <summary>More uploads at once than this only queue in the registry; the cap keeps a typo (4000) from opening thousands of sockets.</summary>
    public const int MaxUploadParallelism = 256;

    /// <summary><c>ModelcarParallelism</c>: layers uploaded at once; 0 (the default) sizes it to the machine.</summary>
    public static int UploadParallelism(string? text) =>
        PropertyValue.Int(text, "ModelcarParallelism", 0, MaxUploadParallelism, 0, "0 sizes it to the machine");
}
