using System.Security.Cryptography;

namespace Modelcar.Signing.Tests.Fakes;

/// <summary>RFC 6962 Merkle tree hashing and inclusion proofs, for the fake Rekor (written from the RFC, section 2.1).</summary>
public static class MerkleTree
{
    public static byte[] LeafHash(byte[] leaf) => SHA256.HashData([0x00, .. leaf]);

    private static byte[] NodeHash(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>MTH(D[n]).</summary>
    public static byte[] RootHash(IReadOnlyList<byte[]> leafHashes) => Root(leafHashes, 0, leafHashes.Count);

    private static byte[] Root(IReadOnlyList<byte[]> leaves, int start, int count)
    {
        if (count == 1) return leaves[start];
        int k = LargestPowerOfTwoBelow(count);
        return NodeHash(Root(leaves, start, k), Root(leaves, start + k, count - k));
    }

    /// <summary>PATH(m, D[n]): the audit path of leaf m, bottom-up.</summary>
    public static List<byte[]> InclusionProof(IReadOnlyList<byte[]> leafHashes, int index) => Path(leafHashes, index, 0, leafHashes.Count);

    private static List<byte[]> Path(IReadOnlyList<byte[]> leaves, int m, int start, int count)
    {
        if (count == 1) return [];
        int k = LargestPowerOfTwoBelow(count);
        if (m < k)
        {
            var path = Path(leaves, m, start, k);
            path.Add(Root(leaves, start + k, count - k));
            return path;
        }
        var right = Path(leaves, m - k, start + k, count - k);
        right.Add(Root(leaves, start, k));
        return right;
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        int k = 1;
        while (k << 1 < n) k <<= 1;
        return k;
    }
}
