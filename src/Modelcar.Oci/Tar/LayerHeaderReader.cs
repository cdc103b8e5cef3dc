using System.Buffers;
using System.IO.Compression;
using System.Text;
using ZstdSharp;

namespace Modelcar.Oci.Tar;

/// <summary>One entry of a layer tar, as its headers describe it: the data itself is skipped.</summary>
/// <param name="Path">Normalized: no leading <c>/</c> or <c>./</c>, no trailing <c>/</c>.</param>
/// <param name="Type">The tar type flag: <c>'0'</c> file, <c>'1'</c> hard link, <c>'2'</c> symbolic link, <c>'5'</c> directory…</param>
/// <param name="LinkTarget">For links, what they point at (a path in the layer for hard links).</param>
/// <param name="Mode">The permission bits.</param>
public sealed record LayerFileEntry(string Path, char Type, string LinkTarget, int Mode)
{
    public bool IsRegularFile => Type is '0' or '\0' or '7';
    public bool IsHardLink => Type == '1';
    public bool IsSymbolicLink => Type == '2';
    public bool IsDirectory => Type == '5';

    /// <summary>A regular file's size in bytes as its header gives it; 0 for anything else.</summary>
    public long Size { get; init; }
}

/// <summary>
/// Reads the headers of a layer tar as it streams past — gzip, zstd or uncompressed, told apart by their
/// magic bytes rather than trusted media types — and skips every file's data, so a base image is inspected
/// without unpacking it or holding a layer in memory. Understands ustar, PAX (<c>path</c>, <c>linkpath</c>,
/// <c>size</c>) and GNU long names, which is what image builders write.
/// </summary>
public static class LayerHeaderReader
{
    private const int BlockSize = 512;

    public static async IAsyncEnumerable<LayerFileEntry> ReadAsync(Stream layer, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using Stream tar = await DecompressAsync(layer, cancellationToken);
        byte[] header = new byte[BlockSize];
        string? longPath = null, longLink = null;
        Dictionary<string, string>? pax = null;
        while (await ReadBlockAsync(tar, header, cancellationToken))
        {
            if (header.AsSpan().IndexOfAnyExcept((byte)0) < 0) yield break; // end-of-archive block
            char type = (char)header[156];
            long size = pax is not null && pax.TryGetValue("size", out string? paxSize) && long.TryParse(paxSize, out long parsed)
                ? parsed
                : ParseNumber(header.AsSpan(124, 12));
            switch (type)
            {
                case 'x':
                    pax = ParsePax(await ReadDataAsync(tar, size, cancellationToken));
                    continue;
                case 'g':
                    await SkipEntryAsync(tar, size, cancellationToken); // global PAX defaults: nothing the check needs
                    continue;
                case 'L':
                    longPath = TrimNul(await ReadDataAsync(tar, size, cancellationToken));
                    continue;
                case 'K':
                    longLink = TrimNul(await ReadDataAsync(tar, size, cancellationToken));
                    continue;
            }

            string name = Text(header.AsSpan(0, 100));
            string prefix = Encoding.ASCII.GetString(header, 257, 5) == "ustar" ? Text(header.AsSpan(345, 155)) : "";
            string path = pax?.GetValueOrDefault("path") ?? longPath ?? (prefix.Length > 0 ? prefix + "/" + name : name);
            string link = pax?.GetValueOrDefault("linkpath") ?? longLink ?? Text(header.AsSpan(157, 100));
            int mode = (int)(ParseNumber(header.AsSpan(100, 8)) & 0xFFF);
            pax = null;
            longPath = longLink = null;

            // Links, directories, devices and FIFOs carry no data whatever their size field says.
            if (type is not ('1' or '2' or '3' or '4' or '5' or '6')) await SkipEntryAsync(tar, size, cancellationToken);
            string normalized = Normalize(path);
            if (normalized.Length > 0) yield return new LayerFileEntry(normalized, type, type == '1' ? Normalize(link) : link, mode) { Size = type is '0' or '\0' or '7' ? size : 0 };
        }
    }

    /// <summary>The path as an image's root filesystem knows it: <c>./bin/sh</c> and <c>/bin/sh/</c> are <c>bin/sh</c>.</summary>
    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    private static async Task<Stream> DecompressAsync(Stream layer, CancellationToken cancellationToken)
    {
        var buffered = new BufferedStream(layer, 1 << 16);
        byte[] magic = new byte[4];
        int read = 0;
        // A network stream cannot rewind: read the magic number, then hand it back in front of the rest.
        while (read < magic.Length)
        {
            int n = await buffered.ReadAsync(magic.AsMemory(read), cancellationToken);
            if (n == 0) break;
            read += n;
        }
        Stream whole = new PrefixedStream(magic.AsMemory(0, read), buffered);
        if (read >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) return new GZipStream(whole, CompressionMode.Decompress);
        if (read == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd) return new DecompressionStream(whole);
        return whole;
    }

    private static async Task<bool> ReadBlockAsync(Stream tar, byte[] block, CancellationToken cancellationToken)
    {
        int read = await tar.ReadAtLeastAsync(block, BlockSize, throwOnEndOfStream: false, cancellationToken);
        if (read == 0) return false;
        if (read < BlockSize) throw new InvalidDataException("the layer ends in the middle of a tar header");
        return true;
    }

    private static async Task<byte[]> ReadDataAsync(Stream tar, long size, CancellationToken cancellationToken)
    {
        if (size is < 0 or > 1 << 20) throw new InvalidDataException($"a tar extended header of {size} bytes");
        byte[] data = new byte[size];
        await tar.ReadExactlyAsync(data, cancellationToken);
        await SkipAsync(tar, Padding(size), cancellationToken);
        return data;
    }

    /// <summary>Skips an entry's data and the padding up to the next header.</summary>
    private static Task SkipEntryAsync(Stream tar, long size, CancellationToken cancellationToken) =>
        SkipAsync(tar, size + Padding(size), cancellationToken);

    private static async Task SkipAsync(Stream tar, long size, CancellationToken cancellationToken)
    {
        long remaining = size;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (remaining > 0)
            {
                int n = await tar.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
                if (n == 0) throw new InvalidDataException("the layer ends in the middle of a file");
                remaining -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static long Padding(long size) => (BlockSize - size % BlockSize) % BlockSize;

    /// <summary>An octal field, or a base-256 one (high bit set) for sizes of 8 GiB and more.</summary>
    internal static long ParseNumber(ReadOnlySpan<byte> field)
    {
        if (field.Length > 0 && (field[0] & 0x80) != 0)
        {
            long big = field[0] & 0x7f;
            for (int i = 1; i < field.Length; i++) big = (big << 8) | field[i];
            return big;
        }
        long value = 0;
        foreach (byte b in field)
        {
            if (b is (byte)' ' or 0) { if (value > 0) break; continue; }
            if (b is < (byte)'0' or > (byte)'7') throw new InvalidDataException("a tar header with a malformed number");
            value = value * 8 + (b - '0');
        }
        return value;
    }

    /// <summary>PAX extended header records: "&lt;length&gt; &lt;key&gt;=&lt;value&gt;\n".</summary>
    internal static Dictionary<string, string> ParsePax(byte[] data)
    {
        var records = new Dictionary<string, string>(StringComparer.Ordinal);
        int offset = 0;
        while (offset < data.Length)
        {
            int space = Array.IndexOf(data, (byte)' ', offset);
            if (space < 0 || !int.TryParse(Encoding.ASCII.GetString(data, offset, space - offset), out int length) || length <= 0 || offset + length > data.Length) break;
            string record = Encoding.UTF8.GetString(data, space + 1, offset + length - space - 2);
            int equals = record.IndexOf('=');
            if (equals > 0) records[record[..equals]] = record[(equals + 1)..];
            offset += length;
        }
        return records;
    }

    /// <summary>A NUL-terminated header field.</summary>
    internal static string Text(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    private static string TrimNul(byte[] data) => Text(data);
}
