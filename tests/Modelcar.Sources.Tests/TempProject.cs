namespace Modelcar.Sources.Tests;

/// <summary>A temporary folder holding a "project" folder and a sibling "outside" folder.</summary>
internal sealed class TempProject : IDisposable
{
    public TempProject()
    {
        Root = Path.Combine(Path.GetTempPath(), "modelcar-sources-tests-" + Guid.NewGuid().ToString("N"));
        ProjectDirectory = Path.Combine(Root, "project");
        OutsideDirectory = Path.Combine(Root, "outside");
        Directory.CreateDirectory(ProjectDirectory);
        Directory.CreateDirectory(OutsideDirectory);
    }

    public string Root { get; }

    public string ProjectDirectory { get; }

    public string OutsideDirectory { get; }

    /// <summary>Writes a file under the project (or an absolute path) and returns its full path.</summary>
    public string Write(string path, int size = 10)
    {
        string full = Path.GetFullPath(path, ProjectDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, new byte[size]);
        return full;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
