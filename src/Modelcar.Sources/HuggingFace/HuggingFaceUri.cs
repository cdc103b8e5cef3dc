using System.Text.RegularExpressions;

namespace Modelcar.Sources.HuggingFace;

/// <summary><c>hf://owner/model[:revision]</c>, the shape KServe's storage initializer takes; revision defaults to main.</summary>
public sealed partial record HuggingFaceUri(string Repository, string Revision)
{
    public const string DefaultRevision = "main";

    public static HuggingFaceUri Parse(string uri)
    {
        const string prefix = "hf://";
        if (!uri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) throw Malformed(uri, "it does not start with hf://");
        string rest = uri[prefix.Length..].TrimEnd('/');
        int colon = rest.IndexOf(':');
        string repository = colon < 0 ? rest : rest[..colon];
        string revision = colon < 0 ? DefaultRevision : rest[(colon + 1)..];
        string[] parts = repository.Split('/');
        if (parts.Length != 2 || !parts.All(p => NamePattern().IsMatch(p)))
        {
            throw Malformed(uri, "the repository is not 'owner/model' (letters, digits, '-', '_', '.')");
        }
        if (revision.Length == 0 || revision.Any(char.IsWhiteSpace) || revision.Contains(".."))
        {
            throw Malformed(uri, "the revision after ':' is empty or not a branch, tag or commit");
        }
        return new HuggingFaceUri(repository, revision);
    }

    public override string ToString() => $"hf://{Repository}:{Revision}";

    private static ModelcarException Malformed(string uri, string why) =>
        new(ErrorCodes.InvalidModelSource,
            $"The ModelSource '{uri}' is not a Hugging Face URI: {why}. Write hf://owner/model or hf://owner/model:revision, e.g. hf://ibm-granite/granite-3.1-2b-instruct:main.");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")]
    private static partial Regex NamePattern();
}
