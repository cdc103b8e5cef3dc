using System.Collections.Concurrent;

namespace Modelcar.Oci.Registry;

/// <summary>
/// Bearer tokens by scope. Parallel layer uploads to one repository share a token instead of each asking the
/// token server, and a token is dropped a little before it expires so a long upload never starts with a stale one.
/// </summary>
internal sealed class TokenCache(TimeProvider time)
{
    // Tokens without expires_in live 60 seconds per the distribution token spec.
    internal static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset ExpiresAt)> _tokens = new(StringComparer.Ordinal);

    public TokenCache() : this(TimeProvider.System) { }

    public bool TryGet(string scope, out string token)
    {
        if (_tokens.TryGetValue(scope, out var entry) && entry.ExpiresAt > time.GetUtcNow())
        {
            token = entry.Token;
            return true;
        }
        token = "";
        return false;
    }

    public void Set(string scope, string token, TimeSpan? lifetime)
    {
        TimeSpan life = lifetime is { } l && l > TimeSpan.Zero ? l : DefaultLifetime;
        TimeSpan usable = life > Margin * 2 ? life - Margin : life / 2;
        _tokens[scope] = (token, time.GetUtcNow() + usable);
    }

    public void Remove(string scope) => _tokens.TryRemove(scope, out _);
}
