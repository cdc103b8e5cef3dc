namespace Modelcar.KServe;

/// <summary>
/// Would a stock KServe runtime serve this model? KServe picks a runtime by exact, case-sensitive labels
/// (<c>mt:name</c> and <c>mt:name:version</c>, from <c>supportedModelFormats</c>, autoSelect entries only unless the
/// runtime is named) and by protocol; a near miss (<c>vllm</c> for <c>vLLM</c>, version <c>1.3</c> for <c>1</c>) is not an
/// error at apply time — the InferenceService just never becomes ready. So the build says it early, as a warning:
/// a custom ServingRuntime on the cluster may well serve what no stock one does.
/// </summary>
public static class ModelFormatCheck
{
    /// <summary>
    /// Null when a stock runtime would serve the model (or when <paramref name="runtime"/> names a runtime that is not
    /// a stock one, which this check cannot see); otherwise a warning naming the closest match.
    /// </summary>
    public static string? Check(string format, string? version, string? runtime, string? protocolVersion = null) =>
        Check(format, version, runtime, protocolVersion, StockRuntimes.All);

    /// <summary>The same check against another runtime table (tests use it for cases the stock table has none of).</summary>
    internal static string? Check(string format, string? version, string? runtime, string? protocolVersion, IReadOnlyList<StockRuntime> stock)
    {
        if (string.IsNullOrWhiteSpace(format)) return null; // the validator reports a missing format as an error

        StockRuntime? named = null;
        if (!string.IsNullOrEmpty(runtime))
        {
            named = stock.FirstOrDefault(r => r.Name == runtime);
            if (named is null) return null;
        }
        var candidates = (named is null ? stock : [named])
            .SelectMany(r => r.SupportedModelFormats.Select(f => (Runtime: r, Format: f)))
            .ToList();

        bool Matches(SupportedModelFormat f) => f.Name == format && (version is null || f.Version == version);
        bool Selectable(SupportedModelFormat f) => named is not null || f.AutoSelect;
        bool Speaks(StockRuntime r) => protocolVersion is null || r.ProtocolVersions.Count == 0 || r.ProtocolVersions.Contains(protocolVersion);

        if (candidates.Any(c => Matches(c.Format) && Selectable(c.Format) && Speaks(c.Runtime))) return null;

        string where = named is null ? "any stock KServe runtime" : $"the runtime '{named.Name}'";
        string shown = version is null ? $"'{format}'" : $"'{format}' version '{version}'";

        var exact = candidates.Where(c => Matches(c.Format)).ToList();
        if (exact.Count > 0)
        {
            var speaking = exact.Where(c => Speaks(c.Runtime)).ToList();
            if (speaking.Count == 0)
            {
                var runtimes = exact.Select(c => c.Runtime).Distinct().ToList();
                return $"The model format {shown} is served by {Join(runtimes.Select(r => r.Name))}, but not over protocol '{protocolVersion}': " +
                       $"{(runtimes.Count == 1 ? "it speaks" : "they speak")} {Join(runtimes.SelectMany(r => r.ProtocolVersions).Distinct())}. Change the protocol version or leave it unset.";
            }
            // Only autoSelect: false entries match: KServe would not pick the runtime unless it is named.
            return $"No stock KServe runtime auto-selects the model format {shown}; {Join(speaking.Select(c => c.Runtime.Name).Distinct())} serves it when named. " +
                   $"Set the runtime to '{speaking[0].Runtime.Name}'.";
        }

        var sameName = candidates.Where(c => c.Format.Name == format && c.Format.Version is not null).Select(c => c.Format.Version!).Distinct().ToList();
        if (sameName.Count > 0)
        {
            string who = named is null ? "Stock KServe runtimes serve" : $"The runtime '{named.Name}' serves";
            return $"{who} the model format '{format}' only in version {Join(sameName)}, not '{version}' (versions are matched exactly). " +
                   "Use one of those versions or leave the version unset.";
        }

        var names = candidates.Select(c => c.Format.Name).Distinct(StringComparer.Ordinal).ToList();
        string? closest = Closest(format, names);
        if (closest is not null)
        {
            return $"The model format '{format}' matches no supportedModelFormats of {where} (KServe compares names case-sensitively): did you mean '{closest}'?";
        }
        return named is not null
            ? $"The runtime '{named.Name}' does not serve the model format '{format}'; it serves {Join(names)}."
            : $"The model format '{format}' is not served by any stock KServe runtime (they serve {Join(names)}). " +
              "That is fine when a ServingRuntime on the cluster supports it; otherwise the InferenceService will wait for a runtime forever.";
    }

    /// <summary>A case-insensitive equal if there is one, else the nearest name within a small edit distance.</summary>
    internal static string? Closest(string format, IReadOnlyList<string> names)
    {
        string? same = names.FirstOrDefault(n => string.Equals(n, format, StringComparison.OrdinalIgnoreCase));
        if (same is not null) return same;
        string lower = format.ToLowerInvariant();
        // Up to 2 edits, and fewer than half the letters, so that short names do not "match" everything.
        return names
            .Select(n => (Name: n, Distance: EditDistance(lower, n.ToLowerInvariant())))
            .Where(x => x.Distance <= 2 && x.Distance * 2 < Math.Min(lower.Length, x.Name.Length))
            .OrderBy(x => x.Distance)
            .Select(x => x.Name)
            .FirstOrDefault();
    }

    /// <summary>Levenshtein distance with one row of memory.</summary>
    internal static int EditDistance(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) row[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    private static string Join(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"'{v}'"));
}
