using System.Net.Http;
using Modelcar.Sources.Remote;

namespace Modelcar.Sources.HuggingFace;

/// <summary>
/// Turns a Hub error answer into a coded error. The Hub names the failure in its <c>X-Error-Code</c> header
/// (GatedRepo, RepoNotFound, RevisionNotFound, EntryNotFound) with details in <c>X-Error-Message</c>.
/// Without a token the Hub answers RepoNotFound for private repos too, so that message says so.
/// </summary>
internal static class HubErrors
{
    public static Exception From(HttpResponseMessage response, HuggingFaceUri uri, bool hasToken, string what)
    {
        if (RedirectDowngrade.Check(response, uri.ToString()) is { } downgrade) return downgrade;
        int status = (int)response.StatusCode;
        string? code = Header(response, "X-Error-Code");
        string? hubMessage = Header(response, "X-Error-Message");
        string said = hubMessage is null ? $"{status}" : $"{status}: {hubMessage}";
        string tokenHint = hasToken
            ? "The token in HF_TOKEN (or HUGGING_FACE_HUB_TOKEN) does not give access to it."
            : "No token was given: set HF_TOKEN (or HUGGING_FACE_HUB_TOKEN) to a token of an account that may read it.";
        return code switch
        {
            "GatedRepo" => new ModelcarException(ErrorCodes.SourceAccessDenied,
                $"The Hugging Face repository '{uri.Repository}' is gated (the Hub said {said}). Accept its conditions on the model's page with your account. {tokenHint}"),
            "RepoNotFound" => new ModelcarException(ErrorCodes.SourceNotFound,
                $"The Hugging Face repository '{uri.Repository}' was not found (the Hub said {said}). Check the owner and model name." + (hasToken ? "" : " If it is private, set HF_TOKEN (or HUGGING_FACE_HUB_TOKEN).")),
            "RevisionNotFound" => new ModelcarException(ErrorCodes.SourceRevisionNotFound,
                $"The revision '{uri.Revision}' of Hugging Face repository '{uri.Repository}' does not exist (the Hub said {said}). Give an existing branch, tag or commit after the ':' in {uri}."),
            "EntryNotFound" => new ModelcarException(ErrorCodes.SourceNotFound,
                $"{what} of '{uri}' does not exist (the Hub said {said}): the file is not in that revision. Check the file's path, AllowPatterns/IgnorePatterns, and the revision after the ':'."),
            _ when status is 401 or 403 => new ModelcarException(ErrorCodes.SourceAccessDenied,
                $"The Hugging Face Hub refused {what} of '{uri}' ({said}). {tokenHint}"),
            _ when status == 404 => new ModelcarException(ErrorCodes.SourceNotFound,
                $"The Hugging Face Hub has no {what} of '{uri}' ({said}). Check the repository name and revision, and HF_ENDPOINT if you set it."),
            _ when status >= 500 || status is 408 or 429 => new HttpRequestException($"the Hub answered {said} for {what}", null, response.StatusCode),
            _ => new ModelcarException(ErrorCodes.SourceDownloadFailed, $"The Hugging Face Hub answered {said} for {what} of '{uri}'."),
        };
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
}
