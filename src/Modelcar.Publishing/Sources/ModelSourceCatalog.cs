using Modelcar.Sources;
using Modelcar.Sources.Gcs;
using Modelcar.Sources.Http;
using Modelcar.Sources.HuggingFace;
using Modelcar.Sources.Remote;

namespace Modelcar.Publishing.Sources;

/// <summary>Every kind of <c>ModelSource</c> this SDK reads, in the order the router asks them.</summary>
public static class ModelSourceCatalog
{
    /// <summary>
    /// The remote stores. Stores that share a scheme are asked in this order and the first whose
    /// <see cref="IRemoteFileSource.CanRead"/> says yes answers, so Azure Blob comes before plain https.
    /// One line per store.
    /// </summary>
    public static IReadOnlyList<IRemoteFileSource> Stores(RemoteStoreContext context) =>
    [
        new HuggingFaceFileSource(context),
        new Modelcar.Sources.S3.S3FileSource(context),
        new Modelcar.Sources.AzureBlob.AzureBlobFileSource(context),
        new HttpFileSource(context),
    ];

    public static ModelSources Create(RemoteStoreContext context, RemoteSourceOptions options) =>
        new([
            .. Stores(context).Select(store => (IModelSource)new RemoteModelSource(store, options, context.Log)),
            new GcsRejection(),
        ], handledElsewhere: ["oci"]); // oci:// items are split out before routing (OciModelSourceItems)
}
