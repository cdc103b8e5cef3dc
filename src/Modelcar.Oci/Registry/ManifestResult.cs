using Modelcar.Oci.Model;

namespace Modelcar.Oci.Registry;

/// <summary>A manifest or index as the registry stored it: the exact bytes (the digest is of these), and its type.</summary>
public sealed record ManifestResult(byte[] Content, string MediaType, Digest Digest);
