namespace Modelcar.Publishing.Tests;

/// <summary>A throw-away project folder, deleted with everything the publish wrote into it.</summary>
internal sealed class TempProject : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "modelcar-publishing-tests", Guid.NewGuid().ToString("N")[..8]);

    public TempProject() => System.IO.Directory.CreateDirectory(Directory);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a failing test; the temp folder is cleaned by the OS.
        }
    }
}
