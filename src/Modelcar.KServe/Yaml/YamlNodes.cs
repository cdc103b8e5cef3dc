namespace Modelcar.KServe.Yaml;

/// <summary>
/// A mapping that keeps insertion order: the writer decides the key order (Kubernetes' conventional one), so the
/// same options always give the same bytes. Values are strings, integers, <see cref="YamlMap"/> or <see cref="YamlSeq"/>.
/// </summary>
internal sealed class YamlMap
{
    private readonly List<KeyValuePair<string, object>> _entries = [];

    public IReadOnlyList<KeyValuePair<string, object>> Entries => _entries;

    public YamlMap Add(string key, object value)
    {
        if (_entries.Exists(e => e.Key == key)) throw new InvalidOperationException($"Duplicate key '{key}'.");
        _entries.Add(new(key, value));
        return this;
    }

    /// <summary>Adds the entry only when there is something to say, so that unset options leave no trace.</summary>
    public YamlMap AddIfPresent(string key, object? value)
    {
        bool present = value switch
        {
            null => false,
            string => true,
            YamlMap map => map.Entries.Count > 0,
            YamlSeq seq => seq.Items.Count > 0,
            _ => true,
        };
        return present ? Add(key, value!) : this;
    }

    /// <summary>A string map in ordinal key order: dictionaries have no order of their own to preserve.</summary>
    public static YamlMap Sorted(IReadOnlyDictionary<string, string> values)
    {
        var map = new YamlMap();
        foreach (var (key, value) in values.OrderBy(e => e.Key, StringComparer.Ordinal)) map.Add(key, value);
        return map;
    }
}

/// <summary>A sequence in the caller's order (args and env are order-sensitive).</summary>
internal sealed class YamlSeq
{
    private readonly List<object> _items = [];

    public IReadOnlyList<object> Items => _items;

    public YamlSeq Add(object item)
    {
        _items.Add(item);
        return this;
    }
}
