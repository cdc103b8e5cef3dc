using Modelcar.Sdk.Diagnostics;

namespace Modelcar.Sdk.Tests;

[TestClass]
public sealed class DiagnosticLocationTests
{
    private static string WriteProject(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"modelcar-location-{Guid.NewGuid():N}.modelproj");
        File.WriteAllText(path, text);
        return path;
    }

    private const string Project = """
        <Project Sdk="Modelcar.Sdk/1.0.0">
          <PropertyGroup>
            <KServeModelFormat>sklearn</KServeModelFormat>
            <ModelcarParallelism>four</ModelcarParallelism>
          </PropertyGroup>
          <PropertyGroup Condition="'$(Configuration)' == 'Release'">
            <ModelcarParallelism>eight</ModelcarParallelism>
          </PropertyGroup>
          <ItemGroup>
            <KServeLabel Include="team" Value="NLP team" />
          </ItemGroup>
        </Project>
        """;

    [TestMethod]
    public void AnErrorAboutAProperty_IsAtTheLastElementThatSetsIt()
    {
        string project = WriteProject(Project);
        try
        {
            Assert.AreEqual(new DiagnosticLocation(project, 7), DiagnosticLocation.For(project, "ModelcarParallelism", null, "whatever"));
            Assert.AreEqual(new DiagnosticLocation(project, 3), DiagnosticLocation.For(project, "kservemodelformat", null, "whatever"), "property names ignore case, as in MSBuild");
        }
        finally
        {
            File.Delete(project);
        }
    }

    [TestMethod]
    public void WithoutAProperty_TheFirstSdkNameInTheMessage_OrTheCodesProperty_IsUsed()
    {
        string project = WriteProject(Project);
        try
        {
            Assert.AreEqual(10, DiagnosticLocation.For(project, null, ErrorCodes.InvalidLabelOrAnnotation, "KServeLabel 'team' has the value 'NLP team'; see KServeModelFormat").Line);
            Assert.AreEqual(3, DiagnosticLocation.For(project, null, ErrorCodes.MissingModelFormat, "No KServe model format is set").Line);
            Assert.AreEqual(new DiagnosticLocation(project, 0), DiagnosticLocation.For(project, null, ErrorCodes.RegistryUnreachable, "127.0.0.1:1 did not answer"));
        }
        finally
        {
            File.Delete(project);
        }
    }

    [TestMethod]
    public void APropertySetOnTheCommandLine_OrNotInTheProject_HasNoLine_ButStaysInTheProjectFile()
    {
        string project = WriteProject(Project);
        try
        {
            Assert.AreEqual(new DiagnosticLocation(project, 0), DiagnosticLocation.For(project, "ModelcarParallelism", null, "x", isGlobal: p => p == "ModelcarParallelism"));
            Assert.AreEqual(new DiagnosticLocation(project, 0), DiagnosticLocation.For(project, "KServeMinReplicas", null, "x"));
        }
        finally
        {
            File.Delete(project);
        }
    }

    [TestMethod]
    public void AProjectThatIsNotXml_GivesNoLine()
    {
        string project = WriteProject("<Project><PropertyGroup>");
        try
        {
            Assert.AreEqual(new DiagnosticLocation(project, 0), DiagnosticLocation.For(project, "ModelcarParallelism", null, "x"));
        }
        finally
        {
            File.Delete(project);
        }
    }

    [TestMethod]
    public void FirstNameIn_TakesWholeWordsOnly()
    {
        Assert.AreEqual("ContainerImageTags", DiagnosticLocation.FirstNameIn("ContainerImageTags 'a;b' has a bad tag"));
        Assert.AreEqual("ContainerImageTag", DiagnosticLocation.FirstNameIn("Set ContainerImageTag, not Version"));
        Assert.IsNull(DiagnosticLocation.FirstNameIn("nothing here"));
    }
}
