namespace Modelcar.Signing.Bundle;

/// <summary>A Rekor entry as a Sigstore bundle carries it (protobuf-specs' TransparencyLogEntry).</summary>
public sealed record TransparencyLogEntry(
    long LogIndex,
    byte[] LogId,
    string Kind,
    string KindVersion,
    long IntegratedTime,
    byte[]? SignedEntryTimestamp,
    InclusionProof? InclusionProof,
    byte[] CanonicalizedBody);

/// <summary>An RFC 6962 inclusion proof with the log's signed checkpoint.</summary>
public sealed record InclusionProof(long LogIndex, byte[] RootHash, long TreeSize, IReadOnlyList<byte[]> Hashes, string Checkpoint);
