using System.Xml.Linq;
using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;
using Modelcar.Publishing;
using Modelcar.Sdk.Tasks;

namespace Modelcar.Sdk.Tests;

/// <summary>
/// The image settings reach the tasks as one item list (sdk/Modelcar.ImageSettings.targets, Include = the property's
/// name). A misspelled Include would be read by nothing, silently: these tests hold the list and the task's mapping
/// onto <see cref="ImageOptions"/> together.
/// </summary>
[TestClass]
public sealed class ImageSettingItemsTests
{
    /// <summary>The text options that come from the task's own parameters rather than from the settings list.</summary>
    private static readonly string[] NotSettings = [nameof(ImageOptions.ProjectDirectory), nameof(ImageOptions.ProjectName), nameof(ImageOptions.ProjectFile)];

    [TestMethod]
    public void EverySettingTheTargetsPass_FillsAnOptionOfItsOwn_AndEveryTextOptionIsFed()
    {
        string[] names = SettingNamesInTargets();
        Assert.IsTrue(names.Length > 15, "read the settings list");
        ImageOptions options = OptionsFrom(names.Select(name => (name, "value-of-" + name)));

        Dictionary<string, string?> texts = typeof(ImageOptions).GetProperties()
            .Where(p => p.PropertyType == typeof(string) && !NotSettings.Contains(p.Name))
            .ToDictionary(p => p.Name, p => (string?)p.GetValue(options));
        foreach (string name in names)
        {
            Assert.AreEqual(1, texts.Values.Count(v => v == "value-of-" + name), $"_ModelcarImageSetting '{name}' lands in exactly one option");
        }
        foreach ((string option, string? value) in texts)
        {
            Assert.IsNotNull(value, $"ImageOptions.{option} is fed by no _ModelcarImageSetting");
        }
    }

    [TestMethod]
    public void AnEmptySetting_IsUnset_AsAnEmptyTaskParameterIs()
    {
        ImageOptions options = OptionsFrom([("ContainerUser", ""), ("Version", " 2.0.0 ")]);
        Assert.IsNull(options.ContainerUser, "empty: the library's default applies (ImageDefaults.User)");
        Assert.AreEqual(" 2.0.0 ", options.Version, "a value is passed as written; the flow trims where it always did");
    }

    private static string[] SettingNamesInTargets() =>
        [.. XDocument.Load(Path.Combine(RepositoryRoot.Path, "sdk", "Modelcar.ImageSettings.targets"))
            .Descendants("_ModelcarImageSetting").Select(e => (string)e.Attribute("Include")!)];

    private static ImageOptions OptionsFrom(IEnumerable<(string Name, string Value)> settings) => new OptionsProbe
    {
        ProjectDirectory = Path.GetTempPath(),
        ProjectName = "probe",
        Settings = [.. settings.Select(s => (ITaskItem)new TaskItem(s.Name, new Dictionary<string, string> { ["Value"] = s.Value }))],
    }.Options();

    /// <summary>The mapping a real task does before it calls the flow, without running the flow.</summary>
    private sealed class OptionsProbe : ModelcarImageTask
    {
        public ImageOptions Options() => ImageOptions();

        protected override Task ExecuteAsync(IModelcarLog log, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
