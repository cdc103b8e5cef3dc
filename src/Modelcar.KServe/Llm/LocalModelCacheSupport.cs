namespace Modelcar.KServe.Llm;

/// <summary>
/// Whether KServe (v0.20, the source in ../shared/kserve) would use a LocalModelCache for this manifest kind and URI
/// scheme. Writing one that KServe ignores would cost every node of the group a full download for nothing, so an
/// unsupported combination gets warning MODELCAR078 and no cache.
/// <list type="bullet">
/// <item>LLMInferenceService + <c>oci://</c>: supported. The LLM controller rewrites a cached model URI to the cache's
/// PVC before it picks the OCI handler (llmisvc/workload_storage.go, attachModelArtifacts), and the node agent's
/// download job runs the storage initializer, which pulls <c>oci://</c> images (kserve_storage.py, _download_oci).</item>
/// <item><c>oci+native://</c>: not supported. The download job hands sourceModelUri to the storage initializer as is,
/// and it recognises only <c>oci://</c>; a cache with an <c>oci://</c> URI would not prefix-match the workload's
/// <c>oci+native://</c> one (v1alpha1.MatchStorageURI).</item>
/// <item>InferenceService: not supported for modelcars. The pod webhook's InjectModelcar reads the storageUri annotation,
/// not the cache, so the modelcar image is still pulled on every node that starts the pod.</item>
/// </list>
/// </summary>
public static class LocalModelCacheSupport
{
    /// <summary>Null when KServe serves this combination from the cache; otherwise why not, for the warning.</summary>
    public static string? WhyUnsupported(ManifestKind kind, OciMode mode)
    {
        if (kind == ManifestKind.InferenceService)
        {
            return "KServeLocalModelCache is true, but KServe's node cache does not serve a modelcar InferenceService: its pod webhook still injects the " +
                   "modelcar (or image volume) from storageUri, so every node pulls the image anyway. No LocalModelCache is written. " +
                   "Set KServeManifestKind=LLMInferenceService with KServeStorageMode=oci to use the cache, or remove KServeLocalModelCache.";
        }
        if (mode == OciMode.Native)
        {
            return "KServeLocalModelCache is true, but KServe's node cache cannot download an oci+native:// model: its download job passes the URI to the " +
                   "storage initializer, which reads only oci://. No LocalModelCache is written. Set KServeStorageMode=oci to use the cache, or remove KServeLocalModelCache.";
        }
        return null;
    }
}
