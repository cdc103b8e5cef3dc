using System.Text;

namespace Modelcar.Oci.Registry;

/// <summary>
/// One challenge of a <c>WWW-Authenticate</c> header (RFC 7235): a scheme and its parameters. Parsed by hand
/// because registries put commas inside quoted values (<c>scope="repository:a:pull,push"</c>), which naive
/// splitting breaks, and because one header may carry several challenges.
/// </summary>
internal sealed class AuthChallenge
{
    private AuthChallenge(string scheme, IReadOnlyDictionary<string, string> parameters)
    {
        Scheme = scheme;
        Parameters = parameters;
    }

    public string Scheme { get; }

    /// <summary>Parameter names are case-insensitive per RFC 7235.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Parameters.GetValueOrDefault("realm");

    public string? Service => Parameters.GetValueOrDefault("service");

    public string? Scope => Parameters.GetValueOrDefault("scope");

    /// <summary>RFC 6750's <c>error</c>: <c>invalid_token</c>, or <c>insufficient_scope</c> when the token lacks an action.</summary>
    public string? Error => Parameters.GetValueOrDefault("error");

    /// <summary>Picks the challenge to answer: Bearer when offered (it scopes access), else Basic.</summary>
    public static AuthChallenge? Select(IEnumerable<string> headerValues)
    {
        var all = headerValues.SelectMany(ParseAll).ToList();
        return all.FirstOrDefault(c => c.IsBearer) ?? all.FirstOrDefault(c => c.IsBasic);
    }

    public static IReadOnlyList<AuthChallenge> ParseAll(string header)
    {
        var challenges = new List<AuthChallenge>();
        int i = 0;
        while (true)
        {
            SkipSeparators(header, ref i);
            string scheme = ReadToken(header, ref i);
            if (scheme.Length == 0) break;
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                SkipSeparators(header, ref i);
                int start = i;
                string name = ReadToken(header, ref i);
                SkipSpaces(header, ref i);
                if (name.Length == 0 || i >= header.Length || header[i] != '=')
                {
                    // A token not followed by '=' is the scheme of the next challenge.
                    i = start;
                    break;
                }
                i++;
                SkipSpaces(header, ref i);
                parameters[name] = i < header.Length && header[i] == '"' ? ReadQuoted(header, ref i) : ReadToken(header, ref i);
            }
            challenges.Add(new AuthChallenge(scheme, parameters));
            if (i >= header.Length) break;
        }
        return challenges;
    }

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t') i++;
    }

    private static void SkipSeparators(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or ',') i++;
    }

    private static string ReadToken(string s, ref int i)
    {
        int start = i;
        while (i < s.Length && s[i] is not (' ' or '\t' or ',' or '=' or '"')) i++;
        return s[start..i];
    }

    private static string ReadQuoted(string s, ref int i)
    {
        var value = new StringBuilder();
        i++; // opening quote
        while (i < s.Length && s[i] != '"')
        {
            if (s[i] == '\\' && i + 1 < s.Length) i++;
            value.Append(s[i]);
            i++;
        }
        if (i < s.Length) i++; // closing quote
        return value.ToString();
    }
}
