using System.Text;
using System.Text.RegularExpressions;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// What a terminal shows after replaying a program's output: enough of VT100 for MSBuild's terminal logger (cursor
/// up/next line, column moves, erase line and below, save and restore the cursor; colours and links are dropped),
/// so a test asserts what the user is left looking at, not just bytes that a later redraw may have erased.
/// </summary>
internal static partial class TerminalScreen
{
    public static string Render(string output)
    {
        var rows = new List<StringBuilder> { new() };
        int row = 0, column = 0, savedRow = 0, savedColumn = 0;
        StringBuilder Row(int index)
        {
            while (rows.Count <= index) rows.Add(new StringBuilder());
            return rows[index];
        }
        int i = 0;
        while (i < output.Length)
        {
            Match escape = Escape().Match(output, i);
            if (escape.Success && escape.Index == i)
            {
                i += escape.Length;
                string command = escape.Groups["command"].Value;
                int n = int.TryParse(escape.Groups["n"].Value, out int parsed) ? parsed : 1;
                switch (command)
                {
                    case "F": row = Math.Max(0, row - n); column = 0; break;
                    case "E": row += n; column = 0; break;
                    case "A": row = Math.Max(0, row - n); break;
                    case "B": row += n; break;
                    case "G": column = n - 1; break;
                    case "D": column = Math.Max(0, column - n); break;
                    case "C": column += n; break;
                    case "K": { StringBuilder line = Row(row); if (column < line.Length) line.Length = column; break; }
                    case "J":
                        { StringBuilder line = Row(row); if (column < line.Length) line.Length = column; }
                        if (rows.Count > row + 1) rows.RemoveRange(row + 1, rows.Count - row - 1);
                        break;
                    case "7": savedRow = row; savedColumn = column; break;
                    case "8": row = savedRow; column = savedColumn; break;
                }
                continue;
            }
            char c = output[i++];
            if (c == '\r') column = 0;
            else if (c == '\n') { row++; Row(row); }
            else
            {
                StringBuilder line = Row(row);
                if (line.Length < column) line.Append(' ', column - line.Length);
                if (column < line.Length) line[column] = c; else line.Append(c);
                column++;
            }
        }
        return string.Join('\n', rows.Select(r => r.ToString().TrimEnd()).Where(r => r.Length > 0));
    }

    /// <summary>The output with every escape sequence removed: the bytes a log file (or a CI agent) reads as text.</summary>
    public static string Strip(string output) => Escape().Replace(output, "");

    [GeneratedRegex(@"\x1b(?:\[(?<n>[0-9]*)(?:;[0-9]*)*\??[0-9;]*(?<command>[A-Za-z])|\][^\x07\x1b]*(?:\x07|\x1b\\)|(?<command>[78=>]))")]
    private static partial Regex Escape();
}
