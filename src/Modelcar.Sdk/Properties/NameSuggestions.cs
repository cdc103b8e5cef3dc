namespace Modelcar.Sdk.Properties;

/// <summary>
/// The nearest of a list of names to a misspelled one, by edit distance (insertions, deletions, substitutions and
/// swaps of two neighbours each count one), ignoring case as MSBuild does for property names.
/// </summary>
public static class NameSuggestions
{
    /// <summary>
    /// The closest candidate, or null when none is close: at most 1 edit for names under 8 characters, 2 below 16,
    /// else 3. Further than that a name is the user's own, not a slip of ours.
    /// </summary>
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        int allowed = name.Length < 8 ? 1 : name.Length < 16 ? 2 : 3;
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance == 0) return null;
            if (distance < bestDistance) (best, bestDistance) = (candidate, distance);
        }
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Optimal string alignment distance: Levenshtein plus a swap of two adjacent characters as one edit.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
