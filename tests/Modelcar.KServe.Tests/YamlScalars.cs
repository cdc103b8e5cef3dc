using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Modelcar.KServe.Tests;

public enum ScalarKind { Null, Bool, Int, Float, String }

/// <summary>
/// What a scalar means to Kubernetes. kubectl and the API server read YAML with go-yaml's YAML 1.1 rules
/// (sigs.k8s.io/yaml), where plain <c>yes</c>, <c>on</c>, <c>y</c>, <c>1</c>, <c>0x1F</c>, <c>1.0</c>, <c>~</c> are not strings.
/// The tests judge the writer's quoting by these rules, not by YamlDotNet's (which reads every scalar as text).
/// </summary>
internal static partial class YamlScalars
{
    public static ScalarKind Resolve(YamlScalarNode node)
    {
        if (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific)
        {
            return node.Tag.Value switch
            {
                "tag:yaml.org,2002:str" => ScalarKind.String,
                "tag:yaml.org,2002:int" => ScalarKind.Int,
                "tag:yaml.org,2002:float" => ScalarKind.Float,
                "tag:yaml.org,2002:bool" => ScalarKind.Bool,
                "tag:yaml.org,2002:null" => ScalarKind.Null,
                _ => ScalarKind.String,
            };
        }
        if (node.Style is not (ScalarStyle.Plain or ScalarStyle.Any)) return ScalarKind.String;
        return ResolvePlain(node.Value ?? "");
    }

    public static ScalarKind ResolvePlain(string text)
    {
        if (text is "" or "~" or "null" or "Null" or "NULL") return ScalarKind.Null;
        if (BoolPattern().IsMatch(text)) return ScalarKind.Bool;
        if (IntPattern().IsMatch(text)) return ScalarKind.Int;
        if (FloatPattern().IsMatch(text)) return ScalarKind.Float;
        return ScalarKind.String;
    }

    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")]
    private static partial Regex BoolPattern();

    // Decimal, binary, octal, hex and base-60 integers of YAML 1.1.
    [GeneratedRegex("^[-+]?(0|[1-9][0-9_]*|0b[01_]+|0[0-7_]+|0x[0-9a-fA-F_]+|[1-9][0-9_]*(:[0-5]?[0-9])+)$")]
    private static partial Regex IntPattern();

    // YAML 1.1 floats plus what go-yaml's strconv.ParseFloat accepts (1e3), infinities and NaN.
    [GeneratedRegex(@"^([-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?|[-+]?[0-9]+([eE][-+]?[0-9]+)|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*)$")]
    private static partial Regex FloatPattern();
}
