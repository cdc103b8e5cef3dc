using System.Formats.Tar;
using System.Security.Cryptography;
using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Tests.Support;

/// <summary>Reads a produced layer back with independent readers: .NET's TarReader and GNU tar.</summary>
internal static class TarListing
{
    public sealed record Entry(string Name, TarEntryType Type, long Length, UnixFileMode Mode, int Uid, int Gid, string UserName, string GroupName, DateTimeOffset ModificationTime, byte[]? Content);

    public static byte[] ReadAll(LayerContent content)
    {
        using Stream stream = content.OpenRead();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public static string Sha256(LayerContent content)
    {
        using Stream stream = content.OpenRead();
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static List<Entry> ReadWithTarReader(byte[] tar)
    {
        var entries = new List<Entry>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            byte[]? data = null;
            if (entry.DataStream is not null)
            {
                using var copy = new MemoryStream();
                entry.DataStream.CopyTo(copy);
                data = copy.ToArray();
            }
            var posix = entry as PosixTarEntry;
            entries.Add(new Entry(entry.Name, entry.EntryType, entry.Length, entry.Mode, entry.Uid, entry.Gid,
                posix?.UserName ?? "", posix?.GroupName ?? "", entry.ModificationTime, data));
        }
        return entries;
    }

    /// <summary><c>tar --utc --numeric-owner -tvf -</c>: one line per entry, e.g. <c>-rw-r--r-- 0/0 5 1970-01-01 00:00 models/a</c>.</summary>
    public static string[] ListWithGnuTar(Stream tar) =>
        ProcessRunner.Run("tar", ["--utc", "--numeric-owner", "-tvf", "-"], tar).StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Splits a GNU tar verbose line into mode, owner, size, date, time, name.</summary>
    public static (string Mode, string Owner, long Size, string Date, string Time, string Name) ParseGnuLine(string line)
    {
        // The size column is right-aligned, so re-split without empty parts and keep the name whole.
        string[] fields = System.Text.RegularExpressions.Regex.Split(line.Trim(), @"\s+");
        int nameStart = IndexOfNth(line, 5);
        return (fields[0], fields[1], long.Parse(fields[2]), fields[3], fields[4], line[nameStart..]);
    }

    private static int IndexOfNth(string line, int fields)
    {
        int i = 0;
        for (int f = 0; f < fields; f++)
        {
            while (i < line.Length && line[i] == ' ') i++;
            while (i < line.Length && line[i] != ' ') i++;
        }
        while (i < line.Length && line[i] == ' ') i++;
        return i;
    }
}

/// <summary>Hides a stream's ability to seek, so that TarReader reads headers without seeking past data that is not there.</summary>
internal sealed class ForwardOnlyStream(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
