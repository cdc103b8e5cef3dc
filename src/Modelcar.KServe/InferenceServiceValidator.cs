using System.Text;

namespace Modelcar.KServe;

/// <summary>
/// Checks an InferenceService before it is written, with the rules the API server and KServe's webhook would
/// apply at <c>kubectl apply</c> time, plus the gaps of the CRD schema (no <c>required</c> on modelFormat, no
/// pattern on storageUri). A build that writes a manifest the cluster refuses is a build that failed late.
/// Each failure throws a <see cref="ModelcarException"/> naming the value and a fix; the first one found wins.
/// </summary>
public static class InferenceServiceValidator
{
    // Kubernetes' limit on the total size of an object's annotations (keys plus values).
    private const int AnnotationsMaxBytes = 256 * 1024;

    public static void Validate(InferenceServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateName(options.Name);
        ValidateModelFormat(options);
        if (!Enum.IsDefined(options.Mode))
        {
            throw Invalid(ErrorCodes.InvalidInferenceService, $"'{options.Mode}' is not an OCI mode; use Modelcar (oci://) or Native (oci+native://).");
        }
        if (options.Image is null)
        {
            throw Invalid(ErrorCodes.ImageNotPinnedByDigest, "No image is given for the InferenceService's storageUri.");
        }
        // Building the storageUri is the digest check: one place, one message.
        StorageUri.For(options.Image, options.Mode);
        ValidateNamespace(options.Namespace);
        ValidateMetadata(options);
        ValidateRuntime(options);
        ValidateReplicas(options.MinReplicas, options.MaxReplicas);
        ValidateResources(options.Resources ?? ResourceRequirements.None);
        ValidateContainer(options);
        ValidatePodRefs(options);
        ValidateScaling(options);
        ValidateMountPath(options.StorageMountPath);
        ValidateProgressDeadline(options);
        Scheduling.SchedulingValidator.Validate(options.Scheduling ?? Scheduling.PodScheduling.None);
    }

    /// <summary>
    /// Non-fatal findings the build should log as warnings, each with its code: a model format that no stock KServe
    /// runtime would pick (<see cref="ModelFormatCheck"/>), a <c>latest</c> tag (<see cref="LatestTagCheck"/>), and a
    /// progress deadline shorter than the image's estimated pull time. Empty when there is nothing to say.
    /// </summary>
    public static IReadOnlyList<ManifestWarning> GetWarnings(InferenceServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var warnings = new List<ManifestWarning>();
        if (ModelFormatCheck.Check(options.ModelFormat, options.ModelFormatVersion, options.Runtime, options.ProtocolVersion) is { } format)
        {
            warnings.Add(new(ErrorCodes.ModelFormatMismatch, format));
        }
        if (options.Image is not null && LatestTagCheck.Warning(options.Image, options.PublishedTags ?? []) is { } latest)
        {
            warnings.Add(new(ErrorCodes.LatestTagPublished, latest));
        }
        if (options.ProgressDeadline is { } deadline && options.ImageSizeBytes is { } size
            && ProgressDeadline.EstimatedPullTime(size) is var pull && deadline < pull)
        {
            warnings.Add(new(ErrorCodes.ProgressDeadlineTooShort,
                $"KServeProgressDeadline '{ProgressDeadline.Format(deadline)}' is shorter than the {ProgressDeadline.Format(pull)} it takes to pull " +
                $"this {size / (1024.0 * 1024 * 1024):0.0} GiB image at a conservative {ProgressDeadline.PullBytesPerSecond / (1024 * 1024)} MiB/s: Knative may give up on " +
                $"the revision before the model is even on the node. Leave the property unset to use '{ProgressDeadline.Format(ProgressDeadline.DefaultFor(size) ?? ProgressDeadline.KnativeDefault)}', or raise it."));
        }
        return warnings;
    }

    /// <summary>
    /// The default InferenceService name for a project: lower-case, every run of characters outside
    /// <c>[a-z0-9]</c> turned into one '-', trimmed of '-', 63 characters at most, and starting with a letter
    /// (a leading digit gets a <c>model-</c> prefix) as KServe's webhook demands. <c>Granite-3.1_2B</c> → <c>granite-3-1-2b</c>.
    /// </summary>
    public static string NameFromProjectName(string projectName)
    {
        ArgumentNullException.ThrowIfNull(projectName);
        var builder = new StringBuilder(projectName.Length);
        foreach (char c in projectName.ToLowerInvariant())
        {
            bool keep = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
            if (keep) builder.Append(c);
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
        }
        string name = builder.ToString().Trim('-');
        if (name.Length == 0) return "model";
        if (!char.IsAsciiLetterLower(name[0])) name = "model-" + name;
        if (name.Length > KubernetesNames.LabelMaxLength) name = name[..KubernetesNames.LabelMaxLength];
        return name.TrimEnd('-');
    }

    private static void ValidateName(string? name)
    {
        if (KubernetesNames.IsDns1035Label(name)) return;
        string shown = name ?? "";
        string suggestion = NameFromProjectName(shown);
        throw Invalid(ErrorCodes.InvalidInferenceServiceName,
            $"'{shown}' is not a valid InferenceService name (KServeName in a .modelproj): KServe wants 1 to 63 lower-case letters, digits and '-', " +
            $"starting with a letter and ending with a letter or digit (it becomes a Service and DNS name). Use '{suggestion}' instead.");
    }

    private static void ValidateModelFormat(InferenceServiceOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ModelFormat))
        {
            throw Invalid(ErrorCodes.MissingModelFormat,
                "No KServe model format is set, so KServe could not choose a serving runtime. " +
                "Set the model format (KServeModelFormat in a .modelproj) to one a runtime supports, e.g. 'vLLM' or 'huggingface' for LLMs, 'sklearn', 'onnx'.");
        }
        if (options.ModelFormat != options.ModelFormat.Trim())
        {
            throw Invalid(ErrorCodes.InvalidInferenceService,
                $"The model format '{options.ModelFormat}' has leading or trailing white space; KServe matches it exactly, so it would match no runtime.");
        }
        if (options.ModelFormatVersion is { } version && (version.Length == 0 || version != version.Trim()))
        {
            throw Invalid(ErrorCodes.InvalidInferenceService,
                $"The model format version '{version}' is empty or has white space around it; leave it unset to match any version, or give one such as '1'.");
        }
    }

    private static void ValidateNamespace(string? ns)
    {
        if (ns is null || KubernetesNames.IsDns1123Label(ns)) return;
        throw Invalid(ErrorCodes.InvalidNamespace,
            $"'{ns}' is not a valid Kubernetes namespace: 1 to 63 lower-case letters, digits and '-', starting and ending with a letter or digit.");
    }

    private static void ValidateMetadata(InferenceServiceOptions options)
    {
        foreach (var (key, value) in options.Labels ?? EmptyMap.Instance)
        {
            if (!KubernetesNames.IsQualifiedName(key))
            {
                throw Invalid(ErrorCodes.InvalidLabelOrAnnotation, $"'{key}' is not a valid label key: {QualifiedNameRule}");
            }
            if (!KubernetesNames.IsValidLabelValue(value))
            {
                throw Invalid(ErrorCodes.InvalidLabelOrAnnotation,
                    $"The value '{value}' of label '{key}' is not a valid label value: at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit (or empty). Put free text in an annotation.");
            }
        }
        long size = 0;
        foreach (var (key, value) in options.Annotations ?? EmptyMap.Instance)
        {
            if (!KubernetesNames.IsQualifiedName(key))
            {
                throw Invalid(ErrorCodes.InvalidLabelOrAnnotation, $"'{key}' is not a valid annotation key: {QualifiedNameRule}");
            }
            if (value is null)
            {
                throw Invalid(ErrorCodes.InvalidLabelOrAnnotation, $"The annotation '{key}' has no value; give an empty string or leave it out.");
            }
            size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        }
        if (size > AnnotationsMaxBytes)
        {
            throw Invalid(ErrorCodes.InvalidLabelOrAnnotation, $"The annotations take {size} bytes; Kubernetes allows 262144 (256 KiB) in all.");
        }

        // KServe ignores a deployment mode it does not know, silently falling back to the cluster default, so a
        // misspelled annotation is caught here whichever way it was given.
        if ((options.Annotations ?? EmptyMap.Instance).TryGetValue(DeploymentModes.AnnotationKey, out var annotatedMode)
            && !(DeploymentModes.TryNormalize(annotatedMode, out var canonical) && canonical == annotatedMode))
        {
            throw Invalid(ErrorCodes.InvalidInferenceService,
                $"The annotation {DeploymentModes.AnnotationKey}='{annotatedMode}' is not a deployment mode KServe knows; use {DeploymentModes.Describe()} (case-sensitive). ModelMesh does not run modelcars.");
        }
        if (options.DeploymentMode is { } mode)
        {
            if (!DeploymentModes.TryNormalize(mode, out var normalized))
            {
                throw Invalid(ErrorCodes.InvalidInferenceService,
                    $"'{mode}' is not a KServe deployment mode for a modelcar; use {DeploymentModes.Describe()} ('RawDeployment' and 'Serverless' are the names before KServe v0.16). ModelMesh does not run modelcars.");
            }
            if ((options.Annotations ?? EmptyMap.Instance).TryGetValue(DeploymentModes.AnnotationKey, out var annotated) && annotated != normalized)
            {
                throw Invalid(ErrorCodes.InvalidInferenceService,
                    $"The deployment mode is set twice, as '{normalized}' and as the annotation {DeploymentModes.AnnotationKey}='{annotated}'; keep one.");
            }
        }
    }

    private static void ValidateRuntime(InferenceServiceOptions options)
    {
        if (options.Runtime is { } runtime && !KubernetesNames.IsDns1123Subdomain(runtime))
        {
            throw Invalid(ErrorCodes.InvalidInferenceService,
                $"'{runtime}' is not a valid ServingRuntime name: lower-case letters, digits, '-' and '.', such as 'kserve-vllmserver'.");
        }
        if (options.ProtocolVersion is { } protocol && !ProtocolVersions.IsKnown(protocol))
        {
            throw Invalid(ErrorCodes.InvalidInferenceService,
                $"'{protocol}' is not a KServe protocol version (KServeProtocolVersion in a .modelproj); use one of {string.Join(", ", ProtocolVersions.All.Select(p => $"'{p}'"))} (case-sensitive), or leave it unset.");
        }
    }

    private static void ValidateReplicas(int? min, int? max)
    {
        if (min < 0)
        {
            throw Invalid(ErrorCodes.InvalidReplicas, $"minReplicas is {min}; it cannot be negative (0 lets Knative scale to zero).");
        }
        if (max < 0)
        {
            throw Invalid(ErrorCodes.InvalidReplicas, $"maxReplicas is {max}; it cannot be negative (0 means no upper bound).");
        }
        // As in KServe's webhook: maxReplicas 0 is "unbounded", so only a positive maximum bounds the minimum.
        if (min is { } lo && max is { } hi && hi > 0 && lo > hi)
        {
            throw Invalid(ErrorCodes.InvalidReplicas, $"minReplicas ({lo}) is greater than maxReplicas ({hi}).");
        }
    }

    private static void ValidateResources(ResourceRequirements resources)
    {
        var requests = ParseQuantities(resources.Requests ?? EmptyMap.Instance, "requests");
        var limits = ParseQuantities(resources.Limits ?? EmptyMap.Instance, "limits");
        foreach (var (name, request) in requests)
        {
            bool hasLimit = limits.TryGetValue(name, out var limit);
            if (IsExtendedResource(name))
            {
                // Extended resources (GPUs) cannot be overcommitted: Kubernetes wants a limit, equal to the request.
                if (!hasLimit || limit != request)
                {
                    throw Invalid(ErrorCodes.InvalidResourceQuantity,
                        $"The request for '{name}' ({resources.Requests![name]}) needs a limit with the same value: Kubernetes does not overcommit extended resources such as GPUs. Set only the limit, or both to the same number.");
                }
            }
            else if (hasLimit && request > limit)
            {
                throw Invalid(ErrorCodes.InvalidResourceQuantity,
                    $"The request for '{name}' ({resources.Requests![name]}) is greater than its limit ({resources.Limits![name]}).");
            }
        }
    }

    private static Dictionary<string, decimal> ParseQuantities(IReadOnlyDictionary<string, string> values, string kind)
    {
        var parsed = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (name, text) in values)
        {
            if (!IsValidResourceName(name))
            {
                throw Invalid(ErrorCodes.InvalidResourceQuantity,
                    $"'{name}' is not a resource name Kubernetes accepts in {kind}: use 'cpu', 'memory', 'ephemeral-storage', 'hugepages-<size>' or a qualified extended resource such as 'nvidia.com/gpu'.");
            }
            if (!Quantity.TryParse(text, out var value) || value < 0)
            {
                throw Invalid(ErrorCodes.InvalidResourceQuantity,
                    $"'{text}' ({kind} of '{name}') is not a Kubernetes quantity: a non-negative number with an optional suffix, such as '500m', '4', '16Gi' or '1.5'.");
            }
            if (IsExtendedResource(name) && value != decimal.Truncate(value))
            {
                throw Invalid(ErrorCodes.InvalidResourceQuantity,
                    $"'{text}' ({kind} of '{name}') must be a whole number: extended resources such as GPUs are not divisible.");
            }
            parsed[name] = value;
        }
        return parsed;
    }

    private static bool IsValidResourceName(string name) =>
        name is "cpu" or "memory" or "ephemeral-storage"
        || (name.StartsWith("hugepages-", StringComparison.Ordinal) && Quantity.TryParse(name["hugepages-".Length..], out _))
        || (name.Contains('/') && KubernetesNames.IsQualifiedName(name));

    // Anything qualified outside kubernetes.io (nvidia.com/gpu, amd.com/gpu, habana.ai/gaudi...) is an extended resource.
    private static bool IsExtendedResource(string name) =>
        name.Contains('/') && !name.StartsWith("kubernetes.io/", StringComparison.Ordinal) && !name.Contains(".kubernetes.io/", StringComparison.Ordinal);

    private static void ValidateContainer(InferenceServiceOptions options)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in options.Env ?? [])
        {
            // Kubernetes 1.34 relaxed the old C-identifier rule to "printable ASCII without '='"; anything stricter
            // would refuse names that a current cluster takes.
            if (variable is null || string.IsNullOrEmpty(variable.Name) || variable.Name.Any(c => c is < '!' or > '~' or '='))
            {
                throw Invalid(ErrorCodes.InvalidInferenceService,
                    $"'{variable?.Name}' is not a valid environment variable name: printable ASCII without spaces or '=', such as 'VLLM_ATTENTION_BACKEND'.");
            }
            if (variable.Value is null)
            {
                throw Invalid(ErrorCodes.InvalidInferenceService, $"The environment variable '{variable.Name}' has no value; give an empty string or leave it out.");
            }
            if (!seen.Add(variable.Name))
            {
                throw Invalid(ErrorCodes.InvalidInferenceService,
                    $"The environment variable '{variable.Name}' is set twice; Kubernetes would keep only the last one.");
            }
        }
        foreach (var arg in options.Args ?? [])
        {
            if (arg is null)
            {
                throw Invalid(ErrorCodes.InvalidInferenceService, "An argument for the serving runtime is null.");
            }
        }
    }

    private static void ValidatePodRefs(InferenceServiceOptions options)
    {
        if (options.ServiceAccountName is { } account && !KubernetesNames.IsDns1123Subdomain(account))
        {
            throw Invalid(ErrorCodes.InvalidInferenceService,
                $"'{account}' is not a valid ServiceAccount name: lower-case letters, digits, '-' and '.'.");
        }
        foreach (var secret in options.ImagePullSecrets ?? [])
        {
            if (!KubernetesNames.IsDns1123Subdomain(secret))
            {
                throw Invalid(ErrorCodes.InvalidInferenceService,
                    $"'{secret}' is not a valid image pull Secret name: lower-case letters, digits, '-' and '.'.");
            }
        }
    }

    private static void ValidateScaling(InferenceServiceOptions options)
    {
        if (options.ScaleMetric is { } metric && !ScaleMetrics.IsKnown(metric))
        {
            throw Invalid(ErrorCodes.InvalidScaling,
                $"KServeScaleMetric '{metric}' is not a scale metric KServe knows; use one of {string.Join(", ", ScaleMetrics.All.Select(m => $"'{m}'"))} (case-sensitive).");
        }
        if (options.ScaleTarget is <= 0)
        {
            throw Invalid(ErrorCodes.InvalidScaling,
                $"KServeScaleTarget {options.ScaleTarget} must be a positive whole number (a percentage for cpu and memory, requests per replica for concurrency and rps).");
        }
    }

    private static void ValidateMountPath(string? path)
    {
        if (path is null) return;
        string[] segments = path.Split('/');
        bool valid = path.Length is > 1 and <= 255 && path[0] == '/' && !path.EndsWith('/')
            && segments.Skip(1).All(s => s.Length > 0 && s is not "." and not ".." && !s.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)));
        if (!valid)
        {
            throw Invalid(ErrorCodes.InvalidMountPath,
                $"KServeStorageMountPath '{path}' is not a mount path KServe can use: an absolute path of at most 255 characters, not '/', " +
                "without '.', '..', empty segments, white space or a trailing '/', such as '/mnt/models'.");
        }
    }

    private static void ValidateProgressDeadline(InferenceServiceOptions options)
    {
        if (options.ProgressDeadline is not { } deadline) return;
        if (deadline <= TimeSpan.Zero)
        {
            throw Invalid(ErrorCodes.InvalidProgressDeadline, $"The progress deadline {deadline} must be positive.");
        }
        if (options.DeploymentMode is { } mode && DeploymentModes.TryNormalize(mode, out var normalized) && !DeploymentModes.IsKnative(normalized))
        {
            throw Invalid(ErrorCodes.InvalidProgressDeadline,
                $"KServeProgressDeadline is set, but KServeDeploymentMode is '{normalized}': only Knative reads serving.knative.dev/progress-deadline. " +
                "Remove the property, or set KServeDeploymentMode to 'Knative'.");
        }
        if ((options.Annotations ?? EmptyMap.Instance).TryGetValue(ProgressDeadline.AnnotationKey, out var annotated) && !SameDuration(annotated, deadline))
        {
            throw Invalid(ErrorCodes.InvalidProgressDeadline,
                $"The progress deadline is set twice, as '{ProgressDeadline.Format(deadline)}' and as the annotation {ProgressDeadline.AnnotationKey}='{annotated}'; keep one.");
        }
    }

    private static bool SameDuration(string text, TimeSpan value)
    {
        try
        {
            return ProgressDeadline.Parse(text) == value;
        }
        catch (ModelcarException)
        {
            return false;
        }
    }

    private const string QualifiedNameRule =
        "an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. 'app.kubernetes.io/name').";

    private static ModelcarException Invalid(string code, string message) => new(code, message);
}
