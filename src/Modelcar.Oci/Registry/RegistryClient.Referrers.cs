using System.Net;
using System.Net.Http.Headers;
using Modelcar.Oci.Model;

namespace Modelcar.Oci.Registry;

/// <summary>The distribution spec 1.1 referrers endpoints: listing referrers, and pushing a manifest with a subject.</summary>
public sealed partial class RegistryClient
{
    /// <summary>The pages a referrers listing follows (<c>Link: rel="next"</c>) before it stops: a bound, not a limit anyone meets.</summary>
    private const int MaxReferrerPages = 100;

    /// <summary>
    /// <c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;</c>: the referrers the registry knows, every page of them.
    /// Null when it answers 404, which the spec reserves for a registry without the referrers API.
    /// </summary>
    public async Task<IReadOnlyList<Descriptor>?> GetReferrersAsync(string repository, Digest subject, CancellationToken ct)
    {
        ImageReference.ValidateRepository(repository);
        var referrers = new List<Descriptor>();
        string? path = $"v2/{repository}/referrers/{subject}";
        for (int page = 0; path is not null && page < MaxReferrerPages; page++)
        {
            string current = path;
            using var response = await _transport.SendAsync(b =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, new Uri(b, current));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaTypes.OciIndex));
                return request;
            }, RegistryScopes.Pull(repository), ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound && page == 0) return null;
            await EnsureSuccessAsync(response, $"listing the referrers of {subject} in '{repository}'", ct).ConfigureAwait(false);
            byte[] content = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            referrers.AddRange(OciJson.Deserialize<ImageIndex>(content, $"referrers list of {subject} from '{Registry}'").Manifests);
            path = NextPage(response);
        }
        return referrers;
    }

    /// <summary>
    /// Pushes a manifest that has a <c>subject</c>. True when the registry answered <c>OCI-Subject</c> with that
    /// subject: it lists the referrer itself; false means the client must keep the fallback tag up to date.
    /// </summary>
    public async Task<bool> PutReferrerManifestAsync(string repository, Digest digest, ReadOnlyMemory<byte> content, Digest subject, CancellationToken ct)
    {
        ImageReference.ValidateRepository(repository);
        if (Digest.ComputeSha256(content.Span) != digest)
        {
            throw new ArgumentException($"The manifest content does not have the digest {digest} it is being pushed as.", nameof(digest));
        }
        using var response = await _transport.SendAsync(b =>
        {
            var body = new ReadOnlyMemoryContent(content);
            body.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.OciManifest);
            return new HttpRequestMessage(HttpMethod.Put, new Uri(b, $"v2/{repository}/manifests/{digest}")) { Content = body };
        }, RegistryScopes.Push(repository), ct).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"pushing the referrer {digest} of {subject} to '{repository}'", ct).ConfigureAwait(false);
        Log.Detail($"Pushed the referrer manifest '{repository}@{digest}' (subject {subject}).");
        return response.Headers.TryGetValues("OCI-Subject", out var values)
            && Digest.TryParse(values.FirstOrDefault()?.Trim(), out var processed) && processed == subject;
    }

    /// <summary>The path and query of <c>Link: &lt;…&gt;; rel="next"</c>, resolved against the registry; null on the last page.</summary>
    private static string? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links)) return null;
        foreach (string link in links.SelectMany(l => l.Split(',')))
        {
            int open = link.IndexOf('<'), close = link.IndexOf('>');
            if (open < 0 || close < open || !link[close..].Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase)) continue;
            string target = link[(open + 1)..close].Trim();
            return Uri.TryCreate(target, UriKind.Absolute, out Uri? absolute) ? absolute.PathAndQuery.TrimStart('/') : target.TrimStart('/');
        }
        return null;
    }
}
