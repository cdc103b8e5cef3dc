using System.Buffers;

namespace Modelcar.Oci.Layout;

/// <summary>
/// Copies a stream in blocks, consuming block n on a second core while block n+1 is read: two buffers, no more.
/// </summary>
/// <remarks>
/// An archive has one writer, so a model layer's bytes go through one sequential copy. Reading a layer is not free
/// (its <see cref="Tar.LayerStream"/> hashes each model file for image.json as it passes), nor is consuming it
/// (the layer's own SHA-256 and the write): done one after the other on one thread, that is two SHA-256 passes
/// over every byte on one core. Overlapped, the file hash and the layer hash run at the same time, and each byte
/// is still read once. Blocks reach the consumer whole and in order; memory stays at two blocks.
/// </remarks>
internal static class OverlappedCopy
{
    /// <returns>The number of bytes copied.</returns>
    public static async Task<long> CopyAsync(Stream source, int blockSize, Action<ReadOnlyMemory<byte>> consume, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(blockSize), ArrayPool<byte>.Shared.Rent(blockSize)];
        Task consuming = Task.CompletedTask;
        int consumingLength = 0;
        long copied = 0;
        try
        {
            for (int current = 0; ; current ^= 1)
            {
                byte[] buffer = buffers[current];
                // Whole blocks, so that a source that returns little per read (a network stream) does not start
                // a consumer task per small read.
                int read = await source.ReadAtLeastAsync(buffer.AsMemory(0, blockSize), blockSize, throwOnEndOfStream: false, cancellationToken);
                await consuming; // the other buffer is free again; a failed write stops the copy here
                if (consumingLength > 0) progress?.Report(consumingLength);
                if (read == 0) break;
                copied += read;
                consumingLength = read;
                consuming = Task.Run(() => consume(buffer.AsMemory(0, read)), cancellationToken);
            }
            return copied;
        }
        finally
        {
            // A failed read must not return a buffer the consumer still reads, nor let a write run on into the
            // caller's cleanup (which truncates or deletes the archive). Its own failure, if any, is secondary
            // to the one already on its way out.
            try { await consuming; } catch (Exception) when (!consuming.IsCompletedSuccessfully) { }
            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }
    }
}
