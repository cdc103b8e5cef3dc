using System.Runtime.InteropServices;

namespace Modelcar.Sources;

/// <summary>
/// What kind of file a path is (regular, FIFO, device, socket), read with Linux's <c>statx</c> without opening it:
/// opening a FIFO blocks until a writer comes, and a device's bytes are not a file's. .NET's FileInfo and
/// File.GetAttributes do not tell these apart from a regular file on Unix. Elsewhere (or without statx) every
/// path counts as a regular file.
/// </summary>
public static class UnixFileType
{
    public enum Kind { Regular, Fifo, CharacterDevice, BlockDevice, Socket, Other }

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private static volatile bool s_unavailable = !OperatingSystem.IsLinux();

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Globalization", "CA2101", Justification = "The path is marshalled explicitly as UTF-8 (LPUTF8Str); the rule does not recognise it.")]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    /// <summary>The kind of <paramref name="path"/> after following links; Regular when it cannot be told.</summary>
    public static Kind Of(string path)
    {
        if (s_unavailable) return Kind.Regular;
        try
        {
            var buffer = new byte[256];
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return Kind.Regular;
            if ((BitConverter.ToUInt32(buffer, 0) & StatxType) == 0) return Kind.Regular;
            int mode = BitConverter.ToUInt16(buffer, 28); // stx_mode: the same offset on every architecture
            return (mode & 0xF000) switch
            {
                0x8000 => Kind.Regular,
                0x1000 => Kind.Fifo,
                0x2000 => Kind.CharacterDevice,
                0x6000 => Kind.BlockDevice,
                0xC000 => Kind.Socket,
                0x4000 => Kind.Regular, // a directory: LocalModelFiles reports it with its own code
                _ => Kind.Other,
            };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
            return Kind.Regular;
        }
    }

    /// <summary>How a message names the kind, e.g. "a named pipe (FIFO)".</summary>
    public static string Describe(Kind kind) => kind switch
    {
        Kind.Fifo => "a named pipe (FIFO)",
        Kind.CharacterDevice => "a character device",
        Kind.BlockDevice => "a block device",
        Kind.Socket => "a socket",
        _ => "a special file",
    };
}
