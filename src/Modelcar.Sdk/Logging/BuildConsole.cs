using System.Text;

namespace Modelcar.Sdk.Logging;

/// <summary>
/// The standard output of the process the user (or the CI agent) started: <c>dotnet build/publish</c> itself.
/// Build messages reach it only through a logger, and at <c>-v:q</c> or under the terminal logger no logger prints
/// them; lines that a CI agent must read (Azure Pipelines' <c>##vso</c> commands) or that the terminal logger cannot
/// show (live progress, the final summary) are written here instead.
/// </summary>
/// <remarks>
/// A task runs in the entry process (MSBuild's in-proc node: its <see cref="Console.Out"/> is that output) or in an
/// out-of-proc worker node (<c>-m</c> solution builds), whose stdout MSBuild redirects to a pipe it never reads. There,
/// on Linux, the parent's <c>/proc/PID/fd/1</c> is that output when the parent is the entry process (not a reused node
/// left by an earlier build) and a pipe or terminal. Elsewhere <see cref="Open"/> gives null and callers fall back to build
/// messages (which -v:m and -v:n print).
/// </remarks>
internal sealed class BuildConsole
{
    private static readonly Lock WriteLock = new();
    private readonly Func<TextWriter> _open;

    private BuildConsole(Func<TextWriter> open, IReadOnlyList<string> entryArguments, bool isTerminal)
    {
        _open = open;
        EntryArguments = entryArguments;
        IsTerminal = isTerminal;
    }

    /// <summary>The entry process's command line (dotnet publish ... -tl -v:q), as the user gave it.</summary>
    public IReadOnlyList<string> EntryArguments { get; }

    /// <summary>Whether that output is a terminal (not a pipe or file).</summary>
    public bool IsTerminal { get; }

    public static BuildConsole? Open()
    {
        try
        {
            string[] own = Environment.GetCommandLineArgs();
            if (!IsWorkerNode(own)) return new BuildConsole(() => Console.Out, own, !Console.IsOutputRedirected);
            if (!OperatingSystem.IsLinux()) return null;
            int parent = ParentProcessId();
            string[] parentArguments = File.ReadAllText($"/proc/{parent}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            if (parent <= 1 || parentArguments.Length == 0 || IsWorkerNode(parentArguments)) return null;
            string output = $"/proc/{parent}/fd/1";
            string target = new FileInfo(output).LinkTarget ?? "";
            // A pipe (a CI agent) or a terminal is shared as it is; a regular file reopened here would get an offset of its
            // own, and the parent's writes would overwrite these lines, so that case falls back to build messages.
            bool terminal = target.StartsWith("/dev/pts/", StringComparison.Ordinal) || target.StartsWith("/dev/tty", StringComparison.Ordinal);
            if (!terminal && !target.StartsWith("pipe:", StringComparison.Ordinal) && !target.StartsWith("socket:", StringComparison.Ordinal)) return null;
            return new BuildConsole(() => new StreamWriter(new FileStream(output, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false)),
                parentArguments, terminal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Writes whole lines at once, so they never interleave with another project's.</summary>
    public void WriteLines(IEnumerable<string> lines)
    {
        string text = string.Concat(lines.Select(l => l + "\n"));
        if (text.Length == 0) return;
        lock (WriteLock)
        {
            TextWriter writer = _open();
            try
            {
                writer.Write(text);
                writer.Flush();
            }
            finally
            {
                if (!ReferenceEquals(writer, Console.Out)) writer.Dispose();
            }
        }
    }

    /// <summary>
    /// Shows <paramref name="line"/> on the row under the terminal logger's live status and puts the cursor back, so the
    /// logger's next redraw (which moves up from where it left the cursor) stays aligned; the next call replaces the
    /// line, and the logger clears it when the project ends. Only for use under the terminal logger: its output goes to
    /// a terminal even when this process's stdout is a pipe (the dotnet CLI may relay MSBuild's output).
    /// </summary>
    public void WriteStatus(string line)
    {
        lock (WriteLock)
        {
            TextWriter writer = _open();
            try
            {
                writer.Write("\u001b7\r" + line + "\u001b[K\u001b8");
                writer.Flush();
            }
            finally
            {
                if (!ReferenceEquals(writer, Console.Out)) writer.Dispose();
            }
        }
    }

    private static bool IsWorkerNode(IEnumerable<string> arguments) =>
        arguments.Any(a => a.TrimStart('-', '/').StartsWith("nodemode", StringComparison.OrdinalIgnoreCase));

    /// <summary>Field 4 of /proc/self/stat; the command name before it may hold spaces, so read after its ')'.</summary>
    private static int ParentProcessId()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
