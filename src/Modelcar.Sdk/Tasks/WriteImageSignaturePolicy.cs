using System.Text.Json.Nodes;
using Microsoft.Build.Framework;
using Modelcar.KServe;

namespace Modelcar.Sdk.Tasks;

/// <summary>
/// <c>KServeImagePolicy=kyverno|policy-controller</c>: writes, beside the InferenceService, an admission policy that
/// admits the modelcar's repository only when signed by the key or keyless identity this publish signed with (read
/// from image.json, so the policy names exactly the signer that was used).
/// </summary>
public sealed class WriteImageSignaturePolicy : ModelcarTask
{
    [Required]
    public string ImageJsonPath { get; set; } = "";

    [Required]
    public string OutputPath { get; set; } = "";

    public string? Kind { get; set; }

    [Required]
    public string Name { get; set; } = "";

    public string? FulcioUrl { get; set; }

    public string? RekorUrl { get; set; }

    [Output]
    public string WrittenFile { get; private set; } = "";

    protected override Task ExecuteAsync(IModelcarLog log, CancellationToken cancellationToken)
    {
        ImagePolicyKind kind = ImageSignaturePolicy.ParseKind(Kind);
        if (kind == ImagePolicyKind.None) return Task.CompletedTask;
        var image = JsonNode.Parse(File.ReadAllText(ImageJsonPath))!.AsObject();
        string repository = $"{image["registry"]?.GetValue<string>() ?? "localhost"}/{image["repository"]!.GetValue<string>()}";
        var signing = image["signing"];
        bool keyed = signing?["mode"]?.GetValue<string>() == "key";
        var options = new ImageSignaturePolicyOptions(
            Name.ToLowerInvariant() + "-signed",
            repository,
            keyed ? signing?["publicKey"]?.GetValue<string>() : null,
            keyed ? null : signing?["identity"]?.GetValue<string>(),
            keyed ? null : signing?["issuer"]?.GetValue<string>())
        {
            FulcioUrl = string.IsNullOrWhiteSpace(FulcioUrl) ? null : FulcioUrl.Trim(),
            RekorUrl = string.IsNullOrWhiteSpace(RekorUrl) ? null : RekorUrl.Trim(),
        };
        string yaml = ImageSignaturePolicy.Write(kind, options);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputPath))!);
        File.WriteAllText(OutputPath, yaml);
        WrittenFile = OutputPath;
        log.Info($"Wrote the {kind} admission policy for {repository} to {OutputPath}");
        return Task.CompletedTask;
    }
}
