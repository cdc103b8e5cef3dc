using Modelcar.Oci.Model;

namespace Modelcar.Oci.Build.Layers;

/// <summary>A model file in a layer of the modelcar: its path under the models folder, its size and its sha256.</summary>
/// <param name="TargetPath">Relative POSIX path under /models, e.g. <c>tokenizer/vocab.json</c>.</param>
/// <param name="Sha256">
/// The digest of the file's bytes, taken by the publish's one read of them (or remembered from the read that
/// published the unchanged layer before). Null for a file of an inherited (<c>oci://</c>) layer, which a publish
/// carries without reading.
/// </param>
public sealed record LayerFile(string TargetPath, long Size, Digest? Sha256);
