using System.Reflection;

namespace Modelcar.Sdk.Tests;

/// <summary>
/// Pins the dependency graph of the assemblies under src/, read from what the compiler actually referenced in the
/// built assemblies (a ProjectReference that no code uses leaves no trace, one that code uses always does).
/// Modelcar.Core is the kernel and uses nothing; the OCI library, the sources and the KServe writer stay free of
/// each other where they can; only the task assembly sees MSBuild. A new reference outside the pin fails here:
/// change the pin (and docs/architecture.md) on purpose, not by accident.
/// </summary>
[TestClass]
public sealed class AssemblyDependencyTests
{
    /// <summary>Every src assembly and the Modelcar.* assemblies it may reference.</summary>
    private static readonly Dictionary<string, string[]> MayUse = new()
    {
        ["Modelcar.Core"] = [],
        ["Modelcar.Oci"] = ["Modelcar.Core"],
        ["Modelcar.Sources"] = ["Modelcar.Core"],
        ["Modelcar.Sources.S3"] = ["Modelcar.Core", "Modelcar.Sources"],
        ["Modelcar.Sources.AzureBlob"] = ["Modelcar.Core", "Modelcar.Sources"],
        ["Modelcar.KServe"] = ["Modelcar.Core", "Modelcar.Oci"],
        ["Modelcar.Signing"] = ["Modelcar.Core", "Modelcar.Oci"],
        ["Modelcar.Attestations"] = ["Modelcar.Core", "Modelcar.Oci"],
        ["Modelcar.Sdk"] =
        [
            "Modelcar.Core", "Modelcar.Oci", "Modelcar.Sources", "Modelcar.Sources.S3", "Modelcar.Sources.AzureBlob",
            "Modelcar.KServe", "Modelcar.Signing", "Modelcar.Attestations",
        ],
    };

    /// <summary>The one assembly that may reference Microsoft.Build.*: the tasks, the adapter to MSBuild.</summary>
    private const string TaskAssembly = "Modelcar.Sdk";

    /// <summary>Projects under src/ that hold no code (template content only), so have no assembly to check.</summary>
    private static readonly string[] WithoutCode = ["Modelcar.Templates"];

    [TestMethod]
    public void ThePin_NamesEverySrcProject()
    {
        string[] projects = [.. Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension).OfType<string>().Except(WithoutCode).Order(StringComparer.Ordinal)];
        Assert.IsTrue(projects.Length > 5, "found the src projects");
        CollectionAssert.AreEquivalent(projects, MayUse.Keys.ToArray(),
            "every src project has its line in the pin (a new project says what it may use), and the pin names no project that is gone");
    }

    [TestMethod]
    public void EveryAssembly_ReferencesOnlyTheModelcarAssembliesItMayUse()
    {
        List<string> forbidden = [];
        foreach ((string name, string[] allowed) in MayUse)
        {
            foreach (string used in ModelcarReferences(name).Except(allowed))
                forbidden.Add($"{name} → {used}");
        }
        Assert.AreEqual(0, forbidden.Count, "references outside the pin: " + string.Join("; ", forbidden));
    }

    [TestMethod]
    public void OnlyTheTaskAssembly_ReferencesMSBuild()
    {
        Assert.IsTrue(References(TaskAssembly).Any(IsMSBuild), "the check sees MSBuild where it is: in the tasks");
        string[] offenders = [.. MayUse.Keys.Where(n => n != TaskAssembly)
            .SelectMany(n => References(n).Where(IsMSBuild).Select(r => $"{n} → {r}"))];
        Assert.AreEqual(0, offenders.Length, "libraries must not depend on MSBuild: " + string.Join("; ", offenders));
    }

    [TestMethod]
    public void TheKernel_ReferencesNothingOfTheProject()
    {
        // Guards the check itself as much as the kernel: Oci must be seen to reference Core, Core nothing.
        CollectionAssert.Contains(ModelcarReferences("Modelcar.Oci").ToList(), "Modelcar.Core");
        CollectionAssert.AreEqual(Array.Empty<string>(), ModelcarReferences("Modelcar.Core").ToArray());
    }

    private static IEnumerable<string> ModelcarReferences(string assembly) =>
        References(assembly).Where(r => r.StartsWith("Modelcar.", StringComparison.Ordinal));

    private static bool IsMSBuild(string reference) => reference.StartsWith("Microsoft.Build", StringComparison.Ordinal);

    /// <summary>The names the built assembly references, loaded from this test's output, where the build copied them.</summary>
    private static IEnumerable<string> References(string assembly)
    {
        string path = Path.Combine(AppContext.BaseDirectory, assembly + ".dll");
        Assert.IsTrue(File.Exists(path), $"{assembly}.dll is not beside the tests: reference its project from Modelcar.Sdk.Tests (or from Modelcar.Sdk)");
        return Assembly.LoadFrom(path).GetReferencedAssemblies().Select(r => r.Name).OfType<string>();
    }
}
