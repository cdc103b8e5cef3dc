namespace Modelcar.Oci.Registry.Limits;

/// <summary>
/// What a registry's vendor documents about the blobs it takes. A null value means the vendor documents no such
/// limit: nothing is checked for it (a limit is never guessed).
/// </summary>
/// <param name="Name">The registry as users know it (<c>GitHub Container Registry (ghcr.io)</c>).</param>
/// <param name="MaxLayerBytes">The largest layer (blob) it stores.</param>
/// <param name="MaxLayerCount">The most layers one image may have.</param>
/// <param name="UploadWindow">How long one upload request may take before the registry drops it.</param>
/// <param name="Source">Where the numbers come from (a vendor documentation page).</param>
public sealed record RegistryLimit(string Name, long? MaxLayerBytes, int? MaxLayerCount, TimeSpan? UploadWindow, string Source);
