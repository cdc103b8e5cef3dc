namespace Modelcar.Oci;

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

    // Registry and publishing.
    public const string RegistryUnreachable = "MODELCAR040";
    public const string RegistryProtocolError = "MODELCAR041";
    public const string RegistryUnauthorized = "MODELCAR042";
    public const string RegistryDenied = "MODELCAR043";
    public const string InsecureRegistryNotAllowed = "MODELCAR044";
    public const string BlobVerificationFailed = "MODELCAR045";
    public const string ArchiveWriteFailed = "MODELCAR046";

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

    /// <summary>Anything that is not a <see cref="ModelcarException"/>: a bug in the SDK.</summary>
    public const string InternalError = "MODELCAR099";
}
