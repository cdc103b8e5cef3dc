namespace Modelcar.KServe;

/// <summary>One entry of a runtime's <c>supportedModelFormats</c>. A null version matches only a model that names none.</summary>
public sealed record SupportedModelFormat(string Name, string? Version, bool AutoSelect);

/// <summary>A stock ClusterServingRuntime: its name, the formats it serves and the protocols it speaks (empty: any).</summary>
public sealed record StockRuntime(string Name, IReadOnlyList<SupportedModelFormat> SupportedModelFormats, IReadOnlyList<string> ProtocolVersions);

/// <summary>
/// The ClusterServingRuntimes KServe installs (kserve/kserve config/runtimes, v0.20, commit aaac4e29), transcribed
/// so that a model format can be checked at build time without a cluster. This is data, not logic: when KServe
/// ships a new runtime, update the table; the test <c>StockRuntimesMatchKServe</c> compares it with the YAML.
/// An entry without autoSelect in the YAML is <c>autoSelect: false</c> here, as KServe reads a missing value.
/// </summary>
public static class StockRuntimes
{
    private static SupportedModelFormat F(string name, string? version, bool autoSelect = true) => new(name, version, autoSelect);

    private static readonly string[] V1V2 = [ProtocolVersions.V1, ProtocolVersions.V2];

    public static IReadOnlyList<StockRuntime> All { get; } =
    [
        new("kserve-autogluonserver", [F("autogluon", "1")], V1V2),
        new("kserve-huggingfaceserver", [F("huggingface", "1")], [ProtocolVersions.V2, ProtocolVersions.V1]),
        new("kserve-huggingfaceserver-multinode", [F("huggingface", "1")], [ProtocolVersions.V2, ProtocolVersions.V1]),
        new("kserve-lgbserver", [F("lightgbm", "4")], V1V2),
        new("kserve-mlserver",
            [
                F("sklearn", "0"), F("sklearn", "1"), F("xgboost", "1"), F("xgboost", "2"),
                F("lightgbm", "3"), F("lightgbm", "4"), F("mlflow", "1"), F("mlflow", "2"),
            ],
            [ProtocolVersions.V2]),
        new("kserve-openvino",
            [F("openvino", "10"), F("onnx", "1"), F("tensorflow", "1"), F("huggingface", null)],
            [ProtocolVersions.V1, ProtocolVersions.V2, ProtocolVersions.GrpcV2]),
        new("kserve-paddleserver", [F("paddle", "2")], V1V2),
        new("kserve-pmmlserver", [F("pmml", "3"), F("pmml", "4")], V1V2),
        new("kserve-predictiveserver",
            [F("sklearn", "1", autoSelect: false), F("xgboost", "2", autoSelect: false), F("lightgbm", "4", autoSelect: false)],
            V1V2),
        new("kserve-sklearnserver", [F("sklearn", "1")], V1V2),
        new("kserve-tensorflow-serving", [F("tensorflow", "1"), F("tensorflow", "2")], [ProtocolVersions.V1, ProtocolVersions.GrpcV1]),
        new("kserve-torchserve", [F("pytorch", "1")], [ProtocolVersions.V1, ProtocolVersions.V2, ProtocolVersions.GrpcV2]),
        new("kserve-tritonserver",
            [
                F("tensorrt", "8"), F("tensorflow", "1"), F("tensorflow", "2"), F("onnx", "1"),
                F("pytorch", "1", autoSelect: false), F("triton", "2"),
            ],
            [ProtocolVersions.V2, ProtocolVersions.GrpcV2]),
        new("kserve-vllmserver", [F("vLLM", "1")], []),
        new("kserve-xgbserver", [F("xgboost", "2")], V1V2),
    ];

    public static StockRuntime? Find(string? name) => All.FirstOrDefault(r => r.Name == name);

    /// <summary>Every distinct format name, in table order.</summary>
    public static IReadOnlyList<string> FormatNames { get; } =
        All.SelectMany(r => r.SupportedModelFormats).Select(f => f.Name).Distinct(StringComparer.Ordinal).ToArray();
}
