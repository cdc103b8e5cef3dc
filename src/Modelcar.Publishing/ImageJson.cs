using System.Text.Json;
using System.Text.Json.Nodes;
using Modelcar.Oci.Build.BaseImages;
using Modelcar.Oci.Model;
using Modelcar.Oci.Publish;
using Modelcar.Publishing.Sources;
using Modelcar.Signing;
using Modelcar.Signing.Bundle;
using Modelcar.Sources;

namespace Modelcar.Publishing;

/// <summary>
/// The describe stage, <c>&lt;name&gt;.image.json</c>: what was published, for release pipelines that read JSON rather
/// than MSBuild items. A recorder: the publish records the image, then (when it signed) who signed and which
/// bundles it attached, and writes the file once. It holds references, digests and sizes only; never a credential.
/// </summary>
public sealed class ImageJson
{
    private readonly JsonObject _document;

    private ImageJson(JsonObject document) => _document = document;

    /// <param name="bases">Each platform's base, in the order of <see cref="PublishResult.PlatformManifests"/>; the first is the image's own for one platform.</param>
    public static ImageJson Record(ImageReference published, ImageSettings settings, IReadOnlyList<BaseImage> bases, PublishResult result, IReadOnlyList<ResolvedModelFile> files, string archivePath)
    {
        BaseImage baseImage = bases[0];
        var document = new JsonObject
        {
            ["reference"] = published.ToString(),
            ["digest"] = result.Manifest.Digest.ToString(),
            ["registry"] = settings.PushesToRegistry ? settings.Registry : null,
            ["repository"] = settings.Repository,
            ["tags"] = new JsonArray(settings.Tags.Select(t => (JsonNode?)t).ToArray()),
            ["archive"] = archivePath.Length > 0 ? archivePath : null,
            ["mediaType"] = result.Manifest.MediaType,
            ["platform"] = settings.Platform.ToString(),
            ["user"] = settings.User,
            ["base"] = BaseJson(baseImage),
            // A multi-platform modelcar: each platform's manifest and the base it was built on.
            ["platforms"] = result.PlatformManifests.Count == 0 ? null : new JsonArray(result.PlatformManifests.Select((manifest, i) => (JsonNode?)new JsonObject
            {
                ["platform"] = bases[i].Platform.ToString(),
                ["digest"] = manifest.Digest.ToString(),
                ["base"] = BaseJson(bases[i]),
            }).ToArray()),
            ["config"] = new JsonObject { ["digest"] = result.Config.Digest.ToString(), ["size"] = result.Config.Size },
            ["layers"] = new JsonArray(result.Layers.Select(l => (JsonNode?)new JsonObject
            {
                ["digest"] = l.Descriptor.Digest.ToString(),
                ["size"] = l.Descriptor.Size,
                ["mediaType"] = l.Descriptor.MediaType,
                ["base"] = l.IsBase,
                ["outcome"] = l.Outcome.ToString().ToLowerInvariant(),
                ["description"] = l.Description,
            }).ToArray()),
            ["files"] = new JsonArray(files.Select(f => (JsonNode?)new JsonObject
            {
                ["path"] = "/models/" + f.TargetPath,
                ["size"] = f.Size,
                ["sha256"] = f.Sha256,
                ["source"] = f.Source?.Uri,
            }).ToArray()),
            ["sources"] = new JsonArray(SourceProvenanceRecord.Of(files).Select(s => (JsonNode?)new JsonObject
            {
                ["uri"] = s.Uri,
                ["revision"] = s.Revision,
            }).ToArray()),
            // Every OCI 1.1 referrer attached to the image (ModelPack view, statements, signatures): find them by digest.
            ["referrers"] = new JsonArray(result.Referrers.Select(r => (JsonNode?)new JsonObject
            {
                ["digest"] = r.Digest.ToString(),
                ["artifactType"] = r.ArtifactType,
                ["mediaType"] = r.MediaType,
                ["size"] = r.Size,
            }).ToArray()),
            ["bytesUploaded"] = result.BytesUploaded,
            ["bytesReused"] = result.BytesReused,
        };
        return new ImageJson(document);
    }

    /// <summary>Who signed, and the Sigstore bundles attached as referrers (each also listed under <c>referrers</c>).</summary>
    public void RecordSigning(SignerIdentity identity, IEnumerable<Descriptor> bundles)
    {
        _document["signing"] = new JsonObject
        {
            ["mode"] = identity.Mode,
            ["identity"] = identity.Subject,
            ["issuer"] = identity.Issuer,
            ["publicKeyHint"] = identity.PublicKeyHint,
            ["publicKey"] = identity.PublicKeyPem,
            ["bundles"] = new JsonArray(bundles.Select(b => (JsonNode?)new JsonObject
            {
                ["digest"] = b.Digest.ToString(),
                ["artifactType"] = b.ArtifactType,
                ["content"] = b.Annotations?.GetValueOrDefault(BundleMediaTypes.ContentAnnotation),
                ["predicateType"] = b.Annotations?.GetValueOrDefault(BundleMediaTypes.PredicateTypeAnnotation),
            }).ToArray()),
        };
    }

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, _document.ToJsonString(JsonOptions));
    }

    /// <summary>
    /// Indented, and with '+' (in media types such as <c>application/vnd.oci.image.layer.v1.tar+gzip</c>) written as
    /// itself, not <c>\u002B</c>: the default encoder escapes it for HTML, which a JSON file never is.
    /// </summary>
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A registry reference or a local <c>oci:</c>/<c>oci-archive:</c> base as the project named it, with its manifest digest; null for scratch.</summary>
    private static JsonObject? BaseJson(BaseImage baseImage) => baseImage.IsScratch
        ? null
        : new JsonObject { ["name"] = baseImage.DisplayName, ["digest"] = baseImage.ManifestDigest?.ToString() };
}
