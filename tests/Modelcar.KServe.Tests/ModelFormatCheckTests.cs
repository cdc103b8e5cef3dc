namespace Modelcar.KServe.Tests;

[TestClass]
public sealed class ModelFormatCheckTests
{
    [TestMethod]
    [DataRow("vLLM", null, null)]
    [DataRow("vLLM", "1", null)]
    [DataRow("vLLM", "1", "kserve-vllmserver")]
    [DataRow("huggingface", "1", null)]
    [DataRow("huggingface", null, "kserve-openvino")]
    [DataRow("sklearn", "1", null)]
    [DataRow("sklearn", "0", null)]
    [DataRow("sklearn", "1", "kserve-predictiveserver")]
    [DataRow("onnx", null, null)]
    [DataRow("triton", "2", null)]
    [DataRow("pytorch", "1", "kserve-tritonserver")]
    public void ExactMatch_NoWarning(string format, string? version, string? runtime)
    {
        Assert.IsNull(ModelFormatCheck.Check(format, version, runtime));
    }

    [TestMethod]
    public void WrongCase_SuggestsTheExactName()
    {
        string? warning = ModelFormatCheck.Check("vllm", null, null);
        Assert.IsNotNull(warning);
        Assert.Contains("did you mean 'vLLM'", warning);
        Assert.Contains("'vllm'", warning);
    }

    [TestMethod]
    [DataRow("skleran", "sklearn")]
    [DataRow("hugging-face", "huggingface")]
    [DataRow("HuggingFace", "huggingface")]
    [DataRow("xgbost", "xgboost")]
    [DataRow("tensorflw", "tensorflow")]
    public void Typo_SuggestsTheClosestName(string format, string expected)
    {
        Assert.Contains($"did you mean '{expected}'", ModelFormatCheck.Check(format, null, null) ?? "");
    }

    [TestMethod]
    public void UnknownFormat_Warns_AndListsStockFormats()
    {
        string? warning = ModelFormatCheck.Check("caikit", null, null);
        Assert.IsNotNull(warning);
        Assert.Contains("'caikit'", warning);
        Assert.Contains("'vLLM'", warning);
        Assert.DoesNotContain("did you mean", warning);
    }

    [TestMethod]
    public void ShortUnrelatedName_IsNotForcedIntoASuggestion()
    {
        Assert.DoesNotContain("did you mean", ModelFormatCheck.Check("abc", null, null) ?? "");
        Assert.DoesNotContain("did you mean", ModelFormatCheck.Check("gguf", null, null) ?? "");
        // One letter away is still a good guess.
        Assert.Contains("did you mean 'vLLM'", ModelFormatCheck.Check("llm", null, null) ?? "");
    }

    [TestMethod]
    public void CustomRuntime_NoWarning()
    {
        Assert.IsNull(ModelFormatCheck.Check("caikit", null, "caikit-tgis-runtime"));
        Assert.IsNull(ModelFormatCheck.Check("vllm", "7", "my-vllm"));
    }

    [TestMethod]
    public void WrongVersion_ListsTheSupportedOnes()
    {
        string? warning = ModelFormatCheck.Check("vLLM", "1.3", null);
        Assert.IsNotNull(warning);
        Assert.Contains("'1'", warning);
        Assert.Contains("'1.3'", warning);
    }

    [TestMethod]
    public void StockRuntime_NotServingTheFormat_Warns()
    {
        string? warning = ModelFormatCheck.Check("vLLM", null, "kserve-sklearnserver");
        Assert.IsNotNull(warning);
        Assert.Contains("kserve-sklearnserver", warning);
    }

    [TestMethod]
    public void StockRuntime_WrongCase_Suggests()
    {
        Assert.Contains("did you mean 'vLLM'", ModelFormatCheck.Check("VLLM", "1", "kserve-vllmserver") ?? "");
    }

    [TestMethod]
    public void OpenVinoHuggingFaceWithoutVersion_DoesNotServeAVersionedRequest()
    {
        // openvino lists huggingface without a version: KServe only gives it the label mt:huggingface.
        Assert.IsNotNull(ModelFormatCheck.Check("huggingface", "1", "kserve-openvino"));
    }

    [TestMethod]
    public void NotAutoSelected_TellsToNameTheRuntime()
    {
        // No stock format today is served only by autoSelect: false entries, so a table of one runtime shows the case.
        StockRuntime[] table = [new("manual-runtime", [new SupportedModelFormat("custom", "1", AutoSelect: false)], [])];
        string? warning = ModelFormatCheck.Check("custom", "1", null, null, table);
        Assert.IsNotNull(warning);
        Assert.Contains("Set the runtime to 'manual-runtime'", warning);
        Assert.IsNull(ModelFormatCheck.Check("custom", "1", "manual-runtime", null, table));
    }

    [TestMethod]
    public void UnsupportedProtocol_Warns()
    {
        // No stock sklearn runtime speaks grpc-v2.
        string? warning = ModelFormatCheck.Check("sklearn", "1", null, "grpc-v2");
        Assert.IsNotNull(warning);
        Assert.Contains("grpc-v2", warning);
    }

    [TestMethod]
    public void Protocol_VllmListsNone_SoAnyProtocolMatches()
    {
        Assert.IsNull(ModelFormatCheck.Check("vLLM", "1", null, "v2"));
        Assert.IsNull(ModelFormatCheck.Check("huggingface", "1", "kserve-huggingfaceserver", "v2"));
        Assert.IsNotNull(ModelFormatCheck.Check("tensorflow", "2", "kserve-tensorflow-serving", "v2"));
    }

    [TestMethod]
    public void EditDistance_Basics()
    {
        Assert.AreEqual(0, ModelFormatCheck.EditDistance("abc", "abc"));
        Assert.AreEqual(1, ModelFormatCheck.EditDistance("abc", "abd"));
        Assert.AreEqual(3, ModelFormatCheck.EditDistance("", "abc"));
        Assert.AreEqual(2, ModelFormatCheck.EditDistance("skleran", "sklearn"));
    }
}
