using System.Security.Cryptography;
using System.Text;
using Modelcar.Signing.Bundle;

namespace Modelcar.Signing.Verification;

/// <summary>
/// Checks a Rekor entry's inclusion proof: the checkpoint (a signed note) is signed by the log's key and names the
/// proof's tree size and root, and the RFC 9162 (section 2.1.3.2) audit path leads from the entry's leaf to that root.
/// </summary>
internal static class InclusionProofCheck
{
    public static bool Verify(TransparencyLogEntry entry, ECDsa logKey)
    {
        if (entry.InclusionProof is not { } proof) return true; // the signed entry timestamp stands alone
        string envelope = proof.Checkpoint;
        int split = envelope.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0) return false;
        string note = envelope[..(split + 1)];
        bool signed = envelope[(split + 2)..].Split('\n')
            .Where(line => line.StartsWith("\u2014 ", StringComparison.Ordinal))
            .Select(line => line.Split(' '))
            .Where(parts => parts.Length == 3)
            .Select(parts => Convert.FromBase64String(parts[2]))
            .Any(bytes => bytes.Length > 4 && bytes.AsSpan(0, 4).SequenceEqual(entry.LogId.AsSpan(0, 4))
                && logKey.VerifyData(Encoding.UTF8.GetBytes(note), bytes.AsSpan(4).ToArray(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        if (!signed) return false;

        string[] lines = note.TrimEnd('\n').Split('\n');
        if (lines.Length < 3 || !long.TryParse(lines[1], out long size) || size != proof.TreeSize) return false;
        byte[] checkpointRoot = Convert.FromBase64String(lines[2]);
        if (!checkpointRoot.AsSpan().SequenceEqual(proof.RootHash)) return false;
        return RootFromPath(proof.LogIndex, size, SHA256.HashData([0x00, .. entry.CanonicalizedBody]), proof.Hashes) is { } root
            && root.AsSpan().SequenceEqual(checkpointRoot);
    }

    private static byte[]? RootFromPath(long index, long size, byte[] leafHash, IReadOnlyList<byte[]> path)
    {
        if (index < 0 || index >= size) return null;
        long fn = index, sn = size - 1;
        byte[] r = leafHash;
        foreach (byte[] p in path)
        {
            if (sn == 0) return null;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = SHA256.HashData([0x01, .. p, .. r]);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = SHA256.HashData([0x01, .. r, .. p]);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }
}
