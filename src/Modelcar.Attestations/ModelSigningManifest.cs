using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Modelcar.Oci.Build;

namespace Modelcar.Attestations;

/// <summary>
/// The OpenSSF model-signing manifest (sigstore/model-transparency, predicate v1.0): every file under /models
/// with its sha256, in the exact shape <c>model_signing verify</c> reads. Its in-toto subject is, as that format
/// requires, the model's name with the sha256 over all file digests (in the order listed); the statement is
/// tied to the image by the referrer's OCI <c>subject</c>, and to its files by re-hashing an unpacked /models.
/// </summary>
public static class ModelSigningManifest
{
    public const string PredicateType = "https://model_signing/signature/v1.0";

    /// <param name="files">Paths relative to /models with the sha256 the publish took; every one must be known.</param>
    public static InTotoStatement Build(string modelName, IReadOnlyList<LayerFile> files)
    {
        var ordered = files.OrderBy(f => f.TargetPath, PathOrder.Instance).ToList();
        using var root = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var resources = new JsonArray();
        foreach (LayerFile file in ordered)
        {
            if (file.Sha256 is not { } sha256)
            {
                throw new ModelcarException(ErrorCodes.ModelFileDigestUnknown,
                    $"The model file '/models/{file.TargetPath}' comes from an inherited oci:// layer that this publish carries without reading, so its sha256 is not known and the model-signing manifest cannot name it. " +
                    "Turn ModelcarAttestations off for this project, or take the file from a source other than oci:// (the publish then reads and hashes it).");
            }
            root.AppendData(Convert.FromHexString(sha256.Encoded));
            resources.Add(new JsonObject { ["algorithm"] = "sha256", ["digest"] = sha256.Encoded, ["name"] = file.TargetPath });
        }
        var predicate = new JsonObject
        {
            ["serialization"] = new JsonObject { ["method"] = "files", ["hash_type"] = "sha256", ["allow_symlinks"] = false },
            ["resources"] = resources,
        };
        return InTotoStatement.Create([(modelName, Convert.ToHexStringLower(root.GetHashAndReset()))], PredicateType, predicate);
    }

    /// <summary>model_signing sorts files as Python sorts paths: part by part, each by code point.</summary>
    private sealed class PathOrder : IComparer<string>
    {
        public static readonly PathOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            string[] a = (x ?? "").Split('/'), b = (y ?? "").Split('/');
            for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                int c = string.CompareOrdinal(a[i], b[i]);
                if (c != 0) return c;
            }
            return a.Length.CompareTo(b.Length);
        }
    }
}
