using Modelcar.Oci.Model;

namespace Modelcar.Sdk.Conventions;

/// <summary>
/// The platform as a .NET project picks it: <c>ContainerRuntimeIdentifier</c>, else <c>RuntimeIdentifier</c>
/// (<c>-r linux-arm64</c>, <c>--arch arm64</c>), else linux-x64. Both set to different platforms is an error, not a guess.
/// </summary>
public static class RuntimeIdentifierConvention
{
    public const string Default = "linux-x64";

    public static string Resolve(string? containerRuntimeIdentifier, string? runtimeIdentifier)
    {
        string container = (containerRuntimeIdentifier ?? "").Trim();
        string runtime = (runtimeIdentifier ?? "").Trim();
        if (container.Length == 0) return runtime.Length == 0 ? Default : runtime;
        if (runtime.Length == 0) return container;
        if (Platform.Parse(container).ToString() != Platform.Parse(runtime).ToString())
        {
            throw new ModelcarException(ErrorCodes.InvalidContainerConvention,
                $"RuntimeIdentifier is '{runtime}' (from -r, --arch or the project) but ContainerRuntimeIdentifier is '{container}': they name different platforms. " +
                "Set only one of them (ContainerRuntimeIdentifier wins in the .NET SDK's container publishing too), or make them agree.");
        }
        return container;
    }
}
