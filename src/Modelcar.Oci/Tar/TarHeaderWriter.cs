using System.Text;

namespace Modelcar.Oci.Tar;

/// <summary>
/// Writes the header blocks of one tar entry in the POSIX ustar format, with a PAX extended header in
/// front when a field does not fit (a path over ustar's limits, a file of 8 GiB or more).
/// </summary>
/// <remarks>
/// Written by hand rather than with System.Formats.Tar because layer digests must be identical on every
/// machine: the headers carry no atime/ctime, no user or group names and one fixed mtime. For sizes that
/// do not fit in ustar's 11 octal digits the PAX <c>size</c> record is authoritative and the ustar field
/// carries the same value in GNU base-256, so readers that skip PAX headers still frame the archive right.
/// </remarks>
public static class TarHeaderWriter
{
    public const int BlockSize = 512;

    private const long MaxOctalSize = 0x1_FFFF_FFFF; // 8 GiB - 1: eleven octal digits.
    private const byte RegularFile = (byte)'0';
    private const byte DirectoryType = (byte)'5';
    private const byte PaxHeaderType = (byte)'x';

    /// <summary>The number of header bytes <see cref="Write"/> produces for this entry.</summary>
    public static int HeaderLength(TarEntry entry)
    {
        byte[]? pax = PaxRecords(entry);
        return pax is null ? BlockSize : BlockSize + (int)PaddedLength(pax.Length) + BlockSize;
    }

    /// <summary>The zero bytes that pad <paramref name="size"/> content bytes to a whole block.</summary>
    public static int PaddingLength(long size) => (int)((BlockSize - size % BlockSize) % BlockSize);

    public static long PaddedLength(long size) => size + PaddingLength(size);

    public static byte[] Write(TarEntry entry, long mtime)
    {
        byte[]? pax = PaxRecords(entry);
        var output = new byte[HeaderLength(entry)];
        int offset = 0;
        if (pax is not null)
        {
            // The PAX header's own name only has to be unique-looking and deterministic.
            string paxName = TruncateUtf8("PaxHeaders/" + LastSegment(entry.Path), 100);
            WriteUstarBlock(output.AsSpan(0, BlockSize), paxName, "", 0b110_100_100, pax.Length, PaxHeaderType, mtime);
            pax.CopyTo(output, BlockSize);
            offset = BlockSize + (int)PaddedLength(pax.Length);
        }

        (string prefix, string name) = SplitUstarPath(entry.Path) ?? ("", TruncateUtf8(entry.Path, 100));
        byte type = entry.Kind == TarEntryKind.Directory ? DirectoryType : RegularFile;
        long size = entry.Kind == TarEntryKind.Directory ? 0 : entry.Size;
        WriteUstarBlock(output.AsSpan(offset, BlockSize), name, prefix, entry.Mode, size, type, mtime);
        return output;
    }

    /// <summary>PAX records for the fields ustar cannot hold, or null when it holds them all.</summary>
    private static byte[]? PaxRecords(TarEntry entry)
    {
        var records = new StringBuilder();
        if (SplitUstarPath(entry.Path) is null) records.Append(PaxRecord("path", entry.Path));
        if (entry.Kind == TarEntryKind.File && entry.Size > MaxOctalSize) records.Append(PaxRecord("size", entry.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return records.Length == 0 ? null : Encoding.UTF8.GetBytes(records.ToString());
    }

    /// <summary>A PAX record is "LEN key=value\n" where LEN counts the whole record, itself included.</summary>
    private static string PaxRecord(string key, string value)
    {
        int body = Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value) + 3; // ' ', '=', '\n'
        int length = body + 1;
        while (length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + body > length) length++;
        return $"{length} {key}={value}\n";
    }

    /// <summary>Splits a path into ustar's prefix (155 bytes) and name (100 bytes), or null if it cannot.</summary>
    private static (string Prefix, string Name)? SplitUstarPath(string path)
    {
        if (!Ascii.IsValid(path)) return null; // Non-ASCII names go to PAX, which is defined as UTF-8.
        if (path.Length <= 100) return ("", path);
        for (int slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            if (slash <= 155 && path.Length - slash - 1 <= 100 && path.Length - slash - 1 > 0)
            {
                return (path[..slash], path[(slash + 1)..]);
            }
        }
        return null;
    }

    private static void WriteUstarBlock(Span<byte> block, string name, string prefix, int mode, long size, byte type, long mtime)
    {
        block.Clear();
        WriteString(block[..100], name);
        WriteOctal(block.Slice(100, 8), mode);
        WriteOctal(block.Slice(108, 8), 0); // uid
        WriteOctal(block.Slice(116, 8), 0); // gid
        if (size <= MaxOctalSize) WriteOctal(block.Slice(124, 12), size);
        else WriteBase256(block.Slice(124, 12), size);
        WriteOctal(block.Slice(136, 12), mtime);
        block[156] = type;
        "ustar\000"u8.CopyTo(block[257..]);
        WriteOctal(block.Slice(329, 8), 0); // devmajor
        WriteOctal(block.Slice(337, 8), 0); // devminor
        WriteString(block.Slice(345, 155), prefix);

        // The checksum is computed with its own field read as spaces, then written as 6 octal digits, NUL, space.
        block.Slice(148, 8).Fill((byte)' ');
        int checksum = 0;
        foreach (byte b in block) checksum += b;
        WriteOctal(block.Slice(148, 7), checksum);
        block[155] = (byte)' ';
    }

    /// <summary>Zero-padded octal digits followed by a NUL, filling the field.</summary>
    private static void WriteOctal(Span<byte> field, long value)
    {
        int digits = field.Length - 1;
        for (int i = digits - 1; i >= 0; i--)
        {
            field[i] = (byte)('0' + (value & 7));
            value >>= 3;
        }
        field[digits] = 0;
    }

    private static void WriteBase256(Span<byte> field, long value)
    {
        for (int i = field.Length - 1; i > 0; i--)
        {
            field[i] = (byte)(value & 0xFF);
            value >>= 8;
        }
        field[0] = 0x80;
    }

    private static void WriteString(Span<byte> field, string value) => Encoding.UTF8.GetBytes(value, field);

    private static string LastSegment(string path) => path.TrimEnd('/').Split('/')[^1];

    private static string TruncateUtf8(string value, int maxBytes)
    {
        while (Encoding.UTF8.GetByteCount(value) > maxBytes) value = value[..^1];
        return value;
    }
}
