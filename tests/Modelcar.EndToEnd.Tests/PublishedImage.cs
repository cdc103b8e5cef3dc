using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Modelcar.EndToEnd.Tests;

/// <summary>The files <c>dotnet publish</c> wrote: image.json and the InferenceService.</summary>
internal sealed class PublishedImage
{
    public PublishedImage(ModelProject project)
    {
        string imageJson = Path.Combine(project.PublishDirectory, project.Name + ".image.json");
        Assert.IsTrue(File.Exists(imageJson), $"{imageJson} was not written");
        ImageJson = JsonDocument.Parse(File.ReadAllText(imageJson));
        InferenceServicePath = Path.Combine(project.PublishDirectory, project.Name + ".inferenceservice.yaml");
    }

    public JsonDocument ImageJson { get; }

    public string InferenceServicePath { get; }

    public string Reference => ImageJson.RootElement.GetProperty("reference").GetString()!;

    public string Digest => ImageJson.RootElement.GetProperty("digest").GetString()!;

    /// <summary>The InferenceService as a YAML tree, parsed by a real YAML parser.</summary>
    public YamlMappingNode InferenceService()
    {
        Assert.IsTrue(File.Exists(InferenceServicePath), $"{InferenceServicePath} was not written");
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(InferenceServicePath)));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public static string Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (string key in path) current = ((YamlMappingNode)current).Children[new YamlScalarNode(key)];
        return ((YamlScalarNode)current).Value!;
    }
}
