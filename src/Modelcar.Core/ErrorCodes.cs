namespace Modelcar;

/// <summary>
/// Every error code the SDK reports. Codes are stable once shipped: users search for them and CI logs
/// grep for them. Add new codes at the end of their group; never renumber. docs/errors.md explains each.
/// </summary>
public static class ErrorCodes
{
    // Image identity: registry, repository, tag, digest, user.
    public const string InvalidRegistry = "MODELCAR001";
    public const string InvalidRepository = "MODELCAR002";
    public const string InvalidTag = "MODELCAR003";
    public const string InvalidDigest = "MODELCAR004";
    public const string InvalidUser = "MODELCAR005";
    public const string InvalidReference = "MODELCAR006";
    public const string InvalidVersion = "MODELCAR007";

    // Projects and solutions: a .modelproj among other projects (reported by sdk/Modelcar.ProjectSystem.targets).
    public const string ProjectReferenceNotBuilt = "MODELCAR008";

    // Model files and sources.
    public const string NoModelFiles = "MODELCAR010";
    public const string ModelFileNotFound = "MODELCAR011";
    public const string ModelFileIsDirectory = "MODELCAR012";
    public const string DuplicateTargetPath = "MODELCAR013";
    public const string PathEscapesModels = "MODELCAR014";
    public const string SymlinkEscapesProject = "MODELCAR015";
    public const string ModelFileUnreadable = "MODELCAR016";
    public const string PatternMatchedNothing = "MODELCAR017";
    public const string UnknownSourceScheme = "MODELCAR018";
    public const string ModelFileChanged = "MODELCAR019";
    public const string InvalidSize = "MODELCAR020";
    public const string TooManyLayers = "MODELCAR021";

    // Remote model sources (ModelSource items): 022–029 and 080–084.
    /// <summary>Two sources (or a ModelFile and a ModelSource) put different content at the same path under /models.</summary>
    public const string SourceConflict = "MODELCAR022";
    /// <summary>A download failed after its retries (network error, server error).</summary>
    public const string SourceDownloadFailed = "MODELCAR023";
    /// <summary>A downloaded file's sha256 or size is not the one the source declared.</summary>
    public const string SourceChecksumMismatch = "MODELCAR024";
    /// <summary>A ModelSource URI or its metadata is malformed (hf:// shape, Sha256, http:// without AllowHttp, AuthorizationEnv).</summary>
    public const string InvalidModelSource = "MODELCAR025";
    /// <summary>The source's repository, bucket or file does not exist.</summary>
    public const string SourceNotFound = "MODELCAR026";
    /// <summary>The source refused access: gated or private repository without (or with an insufficient) token.</summary>
    public const string SourceAccessDenied = "MODELCAR027";
    /// <summary>The branch, tag or commit named in the source does not exist.</summary>
    public const string SourceRevisionNotFound = "MODELCAR028";
    /// <summary>gs:// is not read directly; the message says how to reach the bucket instead.</summary>
    public const string GcsNotSupported = "MODELCAR029";
    /// <summary>Warning: an https:// source without Sha256 metadata; its digest is computed and recorded instead.</summary>
    public const string SourceChecksumMissing = "MODELCAR080";
    /// <summary>A source listed no file, or its AllowPatterns/IgnorePatterns left none.</summary>
    public const string SourceMatchedNothing = "MODELCAR081";
    /// <summary>The download cache (ModelcarSourceCache) cannot be created or written.</summary>
    public const string SourceCacheUnusable = "MODELCAR082";
    /// <summary>ModelcarSourceParallelism is not a whole number from 1 to 64.</summary>
    public const string InvalidSourceParallelism = "MODELCAR083";

    // Cloud model sources (S3, Azure Blob): 085. Missing buckets, access denied and empty prefixes use the general source codes above.
    /// <summary>No credentials found for an S3 bucket or Azure Blob container (none in the environment, profile, identity or URI).</summary>
    public const string CloudCredentialsMissing = "MODELCAR085";

    /// <summary>LocalRegistry names docker or podman, but that engine is not on PATH or its 'load' of the OCI archive failed.</summary>
    public const string LocalRegistryLoadFailed = "MODELCAR084";

    // oci:// model sources (an existing modelcar's /models layers carried into a new image): 086–089.
    // A missing source image uses SourceNotFound; two sources at one path use SourceConflict.
    /// <summary>The oci:// source image has no layer under /models: it is not a modelcar.</summary>
    public const string OciSourceNotAModelcar = "MODELCAR086";
    /// <summary>A layer of the oci:// source mixes /models with other files, has a link out of /models, or is not a readable tar.</summary>
    public const string OciSourceLayerNotSeparable = "MODELCAR087";
    /// <summary>A model layer of the oci:// source deletes files (a whiteout under /models).</summary>
    public const string OciSourceWhiteout = "MODELCAR088";
    /// <summary>TargetPath (or other unsupported metadata) on an oci:// source, whose layers' paths are fixed.</summary>
    public const string OciSourceMetadataUnsupported = "MODELCAR089";

    // Base image.
    public const string BaseImageNotFound = "MODELCAR030";
    public const string BaseImageNotAnImage = "MODELCAR031";
    public const string BaseImagePlatformMissing = "MODELCAR032";
    public const string InvalidPlatform = "MODELCAR033";

    // Base image: what KServe needs from it (docs/base-images.md).
    /// <summary>Classic mode (oci://), and the base lacks a command KServe's modelcar containers run.</summary>
    public const string BaseImageLacksCommands = "MODELCAR034";
    /// <summary>Classic mode with no base image (scratch): nothing could run the sidecar.</summary>
    public const string ClassicModeNeedsBaseImage = "MODELCAR035";
    public const string InvalidStorageMode = "MODELCAR036";
    /// <summary>An <c>oci:</c> / <c>oci-archive:</c> base that is missing, not a layout, or lacks the tag.</summary>
    public const string LocalBaseImageNotFound = "MODELCAR037";
    /// <summary>A base layer could not be read as a tar (gzip, zstd or plain) for the command check.</summary>
    public const string BaseImageLayerUnreadable = "MODELCAR038";

    // Layers.
    /// <summary>ModelcarSmallFileCompression is not none, gzip or zstd.</summary>
    public const string InvalidLayerCompression = "MODELCAR039";

    // Registry and publishing.
    public const string RegistryUnreachable = "MODELCAR040";
    public const string RegistryProtocolError = "MODELCAR041";
    public const string RegistryUnauthorized = "MODELCAR042";
    public const string RegistryDenied = "MODELCAR043";
    public const string InsecureRegistryNotAllowed = "MODELCAR044";
    public const string BlobVerificationFailed = "MODELCAR045";
    public const string ArchiveWriteFailed = "MODELCAR046";

    /// <summary>A .NET container convention is wrong or contradicts another: RuntimeIdentifier vs ContainerRuntimeIdentifier, a ContainerLabel/ContainerEnvironmentVariable name, LocalRegistry.</summary>
    public const string InvalidContainerConvention = "MODELCAR054";

    // Registry faults: retries, resumable uploads, registry quirks.
    public const string InvalidRetrySetting = "MODELCAR055";

    // Credentials and TLS.
    /// <summary>A docker-credential-* helper failed, hung or printed something that is not its JSON answer.</summary>
    public const string CredentialHelperFailed = "MODELCAR047";

    /// <summary>config.json names a docker-credential-* helper for the registry that is not on PATH.</summary>
    public const string CredentialHelperNotFound = "MODELCAR048";

    /// <summary>docker's config.json or podman's auth.json is not valid JSON, or an <c>auth</c> entry is not base64 user:password.</summary>
    public const string InvalidCredentialFile = "MODELCAR049";

    /// <summary>The extra CA bundle (ModelcarRegistryCaBundle / MODELCAR_REGISTRY_CA_BUNDLE) is missing or holds no certificate.</summary>
    public const string InvalidCaBundle = "MODELCAR050";

    // Project properties and items as written (051–053).
    /// <summary>A bool, whole-number or one-of-a-list property has a value the SDK cannot read; the message lists the accepted values.</summary>
    public const string InvalidPropertyValue = "MODELCAR051";
    /// <summary>Warning: a property in the project file is not one the SDK reads but is close to one (a typo such as ContainerRegistery).</summary>
    public const string UnknownProperty = "MODELCAR052";
    /// <summary>Warning: an item type in the project file is not one the SDK reads but is close to one (a typo such as ModelFiles).</summary>
    public const string UnknownItem = "MODELCAR053";

    // Issue 13 (sources' TLS, the archive's disk): 056-058.
    /// <summary>A ModelSource's https server presented a certificate no trusted CA (system or ModelcarCaBundle) vouches for.</summary>
    public const string SourceCertificateNotTrusted = "MODELCAR056";
    /// <summary>The OCI archive does not fit in the free space of its folder (checked before writing, or the disk filled while writing).</summary>
    public const string ArchiveDiskFull = "MODELCAR057";
    /// <summary>The OCI archive's folder cannot be written (read-only file system, no permission).</summary>
    public const string ArchiveOutputNotWritable = "MODELCAR058";

    // KServe manifest.
    public const string InvalidInferenceServiceName = "MODELCAR060";
    public const string MissingModelFormat = "MODELCAR061";
    public const string InvalidInferenceService = "MODELCAR062";

    // KServe: specific InferenceService validation failures (062 stays the catch-all for the rest).
    public const string ImageNotPinnedByDigest = "MODELCAR063";
    public const string InvalidNamespace = "MODELCAR064";
    public const string InvalidReplicas = "MODELCAR065";
    public const string InvalidResourceQuantity = "MODELCAR066";
    public const string InvalidLabelOrAnnotation = "MODELCAR067";

    // Warnings.
    /// <summary>The model format matches no stock KServe runtime exactly (a case slip such as 'vllm').</summary>
    public const string ModelFormatMismatch = "MODELCAR070";

    // KServe manifest from .modelproj properties and items (068-069, 071-079).
    public const string InvalidKServeItem = "MODELCAR068";
    public const string InvalidProgressDeadline = "MODELCAR069";
    /// <summary>Warning: a published tag is 'latest' (Kubernetes pulls it with policy Always).</summary>
    public const string LatestTagPublished = "MODELCAR071";
    public const string InvalidScaling = "MODELCAR072";
    public const string InvalidMountPath = "MODELCAR073";
    public const string InvalidServingRuntime = "MODELCAR074";
    public const string InvalidManifestLayout = "MODELCAR075";
    /// <summary>Warning: KServeProgressDeadline is shorter than the estimated pull time of the image.</summary>
    public const string ProgressDeadlineTooShort = "MODELCAR076";
    /// <summary>KServeManifestKind, or an option an LLMInferenceService / LocalModelCache cannot carry or needs (model name, replicas, node groups).</summary>
    public const string InvalidLlmInferenceService = "MODELCAR077";
    /// <summary>Warning: KServeLocalModelCache=true, but KServe's node cache does not serve this manifest kind and URI scheme, so nothing is written.</summary>
    public const string LocalModelCacheUnsupported = "MODELCAR078";
    /// <summary>A model file (or the layer count) does not fit the documented limits of the target registry (ghcr.io 10 GB per layer...).</summary>
    public const string RegistryLimitExceeded = "MODELCAR079";

    // Referrers (OCI 1.1 subject/artifactType) and the ModelPack view (092-094).
    /// <summary>The referrers fallback tag (<c>sha256-&lt;hex&gt;</c>) holds something other than an image index.</summary>
    public const string ReferrersTagNotIndex = "MODELCAR092";
    /// <summary>An artifact names a blob as already in the target (a shared model layer), and the target lacks it.</summary>
    public const string ReferrerBlobMissing = "MODELCAR093";
    /// <summary>A model file's sha256 is not known from the publish's one read (nor from its source), so no statement can name it.</summary>
    public const string ModelFileDigestUnknown = "MODELCAR094";

    // Signing and verification (Sigstore bundles, 095-098).
    /// <summary>A signing or verification input is wrong: the key file or variable, its password, a URL, the policy kind.</summary>
    public const string InvalidSigningInput = "MODELCAR095";
    /// <summary>Keyless signing could not finish: no OIDC token, or Fulcio or Rekor refused or could not be reached.</summary>
    public const string KeylessSigningFailed = "MODELCAR096";
    /// <summary>Verification: no signature, a bad signature, a wrong key, identity or issuer, an untrusted or expired certificate.</summary>
    public const string SignatureVerificationFailed = "MODELCAR097";
    /// <summary>Verification: what was signed does not match the image (provenance subject, a file's or a layer's digest).</summary>
    public const string SignedContentMismatch = "MODELCAR098";

    /// <summary>Anything that is not a <see cref="ModelcarException"/>: a bug in the SDK.</summary>
    public const string InternalError = "MODELCAR099";
}
