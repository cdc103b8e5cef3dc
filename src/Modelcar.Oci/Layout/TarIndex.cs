using System.Text;
using Modelcar.Oci.Tar;

namespace Modelcar.Oci.Layout;

/// <summary>
/// Where each regular file's bytes lie in an uncompressed tar on disk, read from its headers alone (seeking
/// past the data). Understands ustar names with prefix, PAX <c>path</c>/<c>size</c> and GNU long names.
/// </summary>
internal static class TarIndex
{
    private const int BlockSize = 512;

    public static Dictionary<string, (long Offset, long Length)> Read(FileStream tar)
    {
        var files = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        byte[] header = new byte[BlockSize];
        string? longName = null;
        Dictionary<string, string>? pax = null;
        while (tar.Position < tar.Length)
        {
            if (tar.ReadAtLeast(header, BlockSize, throwOnEndOfStream: false) < BlockSize) throw new InvalidDataException("it ends in the middle of a tar header");
            if (header.AsSpan().IndexOfAnyExcept((byte)0) < 0) break;
            if (!HasValidChecksum(header)) throw new InvalidDataException($"a tar header at offset {tar.Position - BlockSize} is damaged");
            char type = (char)header[156];
            long size = pax?.GetValueOrDefault("size") is { } paxSize && long.TryParse(paxSize, out long parsed) ? parsed : LayerHeaderReader.ParseNumber(header.AsSpan(124, 12));
            long dataOffset = tar.Position;
            long next = dataOffset + size + (BlockSize - size % BlockSize) % BlockSize;
            switch (type)
            {
                case 'x':
                    pax = LayerHeaderReader.ParsePax(ReadData(tar, size));
                    break;
                case 'L':
                    longName = LayerHeaderReader.Text(ReadData(tar, size));
                    break;
                case 'g':
                    break;
                default:
                    string name = LayerHeaderReader.Text(header.AsSpan(0, 100));
                    string prefix = Encoding.ASCII.GetString(header, 257, 5) == "ustar" ? LayerHeaderReader.Text(header.AsSpan(345, 155)) : "";
                    string path = pax?.GetValueOrDefault("path") ?? longName ?? (prefix.Length > 0 ? prefix + "/" + name : name);
                    if (type is '0' or '\0' or '7') files[LayerHeaderReader.Normalize(path)] = (dataOffset, size);
                    pax = null;
                    longName = null;
                    if (type is '1' or '2' or '3' or '4' or '5' or '6') next = dataOffset; // header-only types
                    break;
            }
            if (next > tar.Length) throw new InvalidDataException("it ends in the middle of a file");
            tar.Position = next;
        }
        return files;
    }

    private static bool HasValidChecksum(byte[] header)
    {
        long stored = LayerHeaderReader.ParseNumber(header.AsSpan(148, 8));
        long sum = 0;
        for (int i = 0; i < BlockSize; i++) sum += i is >= 148 and < 156 ? (byte)' ' : header[i];
        return stored == sum;
    }

    private static byte[] ReadData(FileStream tar, long size)
    {
        if (size is < 0 or > 1 << 20) throw new InvalidDataException($"a tar extended header of {size} bytes");
        byte[] data = new byte[size];
        tar.ReadExactly(data);
        return data;
    }
}
