using System.Diagnostics;

namespace Modelcar.EndToEnd.Tests;

[TestClass]
[TestCategory("Registry")]
public sealed class SampleTests
{
    /// <summary>
    /// The sklearn-iris sample as a user runs it: its own .modelproj and global.json, published to a registry,
    /// then the model loaded out of the image's /models by Debian's scikit-learn.
    /// </summary>
    [TestMethod]
    public void SklearnIrisSample_PublishesAModelThatLoadsAndPredicts()
    {
        string registry = TestEnvironment.Registry;
        string sample = Path.Combine(RepositoryRoot.Path, "samples", "sklearn-iris");
        string copy = Path.Combine(SdkPackage.Work, "samples", "sklearn-iris-" + Guid.NewGuid().ToString("N")[..6]);
        CopyDirectory(sample, copy, skip: ["bin", "obj"]);
        File.WriteAllText(Path.Combine(copy, "global.json"), $$"""{ "msbuild-sdks": { "Modelcar.Sdk": "{{SdkPackage.Version}}" } }""");
        File.WriteAllText(Path.Combine(copy, "NuGet.config"), $"""
            <configuration><packageSources><clear /><add key="e2e" value="{SdkPackage.Feed}" /></packageSources></configuration>
            """);
        string repository = "samples/sklearn-iris-" + Guid.NewGuid().ToString("N")[..6];

        var clock = Stopwatch.StartNew();
        ProcessRunner.Run("dotnet",
            ["publish", "sklearn-iris.modelproj", "-nodeReuse:false", $"-p:ContainerRegistry={registry}", $"-p:ContainerRepository={repository}", $"-p:ContainerBaseImage={TestEnvironment.BaseImage}"],
            workingDirectory: copy,
            environment: new Dictionary<string, string?> { ["NUGET_PACKAGES"] = SdkPackage.PackagesFolder, ["MSBUILDDISABLENODEREUSE"] = "1" })
            .EnsureSuccess("dotnet publish of the sample");
        Console.WriteLine($"dotnet publish of samples/sklearn-iris took {clock.Elapsed.TotalSeconds:0.0} s");

        string imageJson = Directory.GetFiles(copy, "sklearn-iris.image.json", SearchOption.AllDirectories).Single();
        string digest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(imageJson)).RootElement.GetProperty("digest").GetString()!;
        var image = ImageReader.Unpack($"docker://{registry}/{repository}@{digest}");
        Assert.AreEqual(ImageReader.Sha256Of(Path.Combine(sample, "model", "model.joblib")), ImageReader.Sha256Of(Path.Combine(image.ModelsFolder, "model.joblib")));

        if (!File.Exists("/usr/bin/python3"))
        {
            TestEnvironment.Missing("/usr/bin/python3 is missing: install python3-sklearn (eng/test-env/install.sh) to load the model.");
        }
        ProcessResult predict = ProcessRunner.Run("/usr/bin/python3", [Path.Combine(sample, "predict.py"), image.ModelsFolder]);
        if (predict.ExitCode != 0 && predict.Output.Contains("ModuleNotFoundError"))
        {
            TestEnvironment.Missing("python3-sklearn is not installed: " + predict.Output);
        }
        Assert.AreEqual("0", predict.EnsureSuccess("predict.py").Output.Trim(), "the iris model predicts setosa for a setosa flower");
    }

    private static void CopyDirectory(string from, string to, string[] skip)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (string dir in Directory.GetDirectories(from).Where(d => !skip.Contains(Path.GetFileName(d))))
        {
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)), skip);
        }
    }
}
