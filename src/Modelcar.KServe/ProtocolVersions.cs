namespace Modelcar.KServe;

/// <summary>
/// The inference protocols KServe knows (<c>constants.InferenceServiceProtocol</c>). A runtime that lists
/// <c>protocolVersions</c> is only selected for a model asking for one of them.
/// </summary>
public static class ProtocolVersions
{
    public const string V1 = "v1";
    public const string V2 = "v2";
    public const string GrpcV1 = "grpc-v1";
    public const string GrpcV2 = "grpc-v2";

    public static IReadOnlyList<string> All { get; } = [V1, V2, GrpcV1, GrpcV2];

    /// <summary>KServe compares protocols case-sensitively, so only the exact spellings are valid.</summary>
    public static bool IsKnown(string value) => All.Contains(value, StringComparer.Ordinal);
}
