using Microsoft.Build.Utilities;
using Modelcar.Sdk.Tasks;

namespace Modelcar.Sdk.Tests;

/// <summary>What the tasks hand MSBuild for a bad value: the code, the .modelproj and its line, and the help link.</summary>
[TestClass]
public sealed class TaskDiagnosticsTests
{
    private const string SdkTargets = "/home/user/.nuget/packages/modelcar.sdk/1.0.0/Sdk/Modelcar.Validation.targets";

    private static string WriteProject()
    {
        string path = Path.Combine(Path.GetTempPath(), $"modelcar-diagnostics-{Guid.NewGuid():N}.modelproj");
        File.WriteAllText(path, """
            <Project Sdk="Modelcar.Sdk/1.0.0">
              <PropertyGroup>
                <ContainerRegistery>quay.io</ContainerRegistery>
                <ModelcarUseDigestCache>nope</ModelcarUseDigestCache>
              </PropertyGroup>
              <ItemGroup>
                <ModelFiles Include="model/**" />
              </ItemGroup>
            </Project>
            """);
        return path;
    }

    [TestMethod]
    public void EveryBadValue_IsAnErrorAtTheModelproj_WithItsLineAndHelpLink()
    {
        string project = WriteProject();
        try
        {
            var engine = new RecordingBuildEngine(SdkTargets, new Dictionary<string, string> { ["ModelcarParallelism"] = "four" });
            var task = new ValidateModelcarProject
            {
                BuildEngine = engine,
                ProjectFile = project,
                Booleans = [new TaskItem("ModelcarUseDigestCache", new Dictionary<string, string> { ["Value"] = "nope" })],
                Parallelism = "four",
                StorageMode = "bogus",
                RegistryRetries = "-3",
                ContainerRuntimeIdentifiers = "banana",
            };

            Assert.IsFalse(task.Execute());

            CollectionAssert.AreEquivalent(
                new[] { ErrorCodes.InvalidPropertyValue, ErrorCodes.InvalidPropertyValue, ErrorCodes.InvalidStorageMode, ErrorCodes.InvalidRetrySetting, ErrorCodes.InvalidPlatform },
                engine.Errors.Select(e => e.Code).ToArray(), "every bad value is reported, not only the first");
            Assert.IsTrue(engine.Errors.All(e => e.File == project), "errors are at the .modelproj, never at the SDK's targets");
            Assert.IsTrue(engine.Errors.All(e => e.HelpLink == $"https://github.com/modelcar-sdk/Modelcar.Sdk/blob/main/docs/errors.md#{e.Code.ToLowerInvariant()}"));
            Assert.AreEqual(4, engine.Errors.Single(e => e.Message!.StartsWith("ModelcarUseDigestCache", StringComparison.Ordinal)).LineNumber, "on the line of the property element");
            Assert.AreEqual(0, engine.Errors.Single(e => e.Message!.StartsWith("ModelcarParallelism", StringComparison.Ordinal)).LineNumber, "set with -p: (a global property), so no line of the project is the value in force");
        }
        finally
        {
            File.Delete(project);
        }
    }

    [TestMethod]
    public void LookalikeNames_AreWarningsAtTheirLines_NamingTheRealOnes()
    {
        string project = WriteProject();
        try
        {
            var engine = new RecordingBuildEngine(SdkTargets);
            var task = new WarnAboutLookalikeNames { BuildEngine = engine, ProjectFile = project, SdkDirectory = Path.Combine(RepositoryRoot.Path, "sdk") };

            Assert.IsTrue(task.Execute(), "warnings only");

            Assert.AreEqual(2, engine.Warnings.Count, string.Join("\n", engine.Warnings.Select(w => w.Message)));
            var property = engine.Warnings.Single(w => w.Code == ErrorCodes.UnknownProperty);
            Assert.AreEqual((project, 3), (property.File, property.LineNumber));
            StringAssert.Contains(property.Message, "Did you mean ContainerRegistry?");
            Assert.AreEqual("https://github.com/modelcar-sdk/Modelcar.Sdk/blob/main/docs/errors.md#modelcar052", property.HelpLink);
            var item = engine.Warnings.Single(w => w.Code == ErrorCodes.UnknownItem);
            Assert.AreEqual((project, 7), (item.File, item.LineNumber));
            StringAssert.Contains(item.Message, "Did you mean ModelFile?");
        }
        finally
        {
            File.Delete(project);
        }
    }

    [TestMethod]
    public void LookalikeNames_InDirectoryBuildProps_AreWarningsAtThatFile()
    {
        string props = Path.Combine(Path.GetTempPath(), $"modelcar-props-{Guid.NewGuid():N}.props");
        File.WriteAllText(props, """
            <Project>
              <PropertyGroup>
                <ModelcarParalelism>8</ModelcarParalelism>
                <Company>Acme</Company>
              </PropertyGroup>
            </Project>
            """);
        try
        {
            var engine = new RecordingBuildEngine(SdkTargets);
            var task = new WarnAboutLookalikeNames { BuildEngine = engine, ImportedFiles = [props], SdkDirectory = Path.Combine(RepositoryRoot.Path, "sdk") };

            Assert.IsTrue(task.Execute());

            var warning = engine.Warnings.Single();
            Assert.AreEqual((ErrorCodes.UnknownProperty, props, 3), (warning.Code, warning.File, warning.LineNumber));
            StringAssert.Contains(warning.Message, "Did you mean ModelcarParallelism?");
        }
        finally
        {
            File.Delete(props);
        }
    }
}
