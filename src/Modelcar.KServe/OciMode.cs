namespace Modelcar.KServe;

/// <summary>
/// How KServe mounts the image. The scheme of <c>storageUri</c> selects it, so it is the one choice that changes
/// what the image must contain.
/// </summary>
public enum OciMode
{
    /// <summary>
    /// <c>oci://</c>: a modelcar sidecar (args only, <c>sh -c 'ln -sf /proc/$$/root/models /mnt/models &amp;&amp; sleep infinity'</c>).
    /// Works on every KServe since v0.15.2; the image needs <c>sh</c>, <c>ln</c>, <c>sleep</c>, <c>ls</c> and <c>mkdir</c>.
    /// </summary>
    Modelcar,

    /// <summary>
    /// <c>oci+native://</c> (KServe v0.20): a Kubernetes image volume, read-only, no sidecar, so the image needs no
    /// shell at all. Needs Kubernetes 1.33+ with the ImageVolume gate and containerd 2.0+ / CRI-O 1.31+.
    /// </summary>
    Native,
}
