namespace Modelcar.Publishing;

/// <summary>
/// What the image gets when a setting is left empty, in one place: the SDK's targets leave these properties empty
/// rather than repeat the values, so a front end without MSBuild gets the same image as <c>dotnet publish</c>.
/// </summary>
public static class ImageDefaults
{
    /// <summary>The platform when neither <c>ContainerRuntimeIdentifier</c> nor <c>RuntimeIdentifier</c> is set.</summary>
    public const string RuntimeIdentifier = "linux-x64";

    /// <summary>KServe's <c>uidModelcar</c>: the modelcar and the serving container must share a UID.</summary>
    public const string User = "1010";
}
