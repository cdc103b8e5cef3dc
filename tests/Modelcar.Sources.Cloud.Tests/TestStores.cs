using Modelcar.Sources.Remote;

namespace Modelcar.Sources.Cloud.Tests;

/// <summary>Builds store contexts whose environment is a dictionary, so each test says exactly what is set.</summary>
internal static class TestStores
{
    public static RemoteStoreContext Context(IReadOnlyDictionary<string, string> environment) =>
        new(NullModelcarLog.Instance, name => environment.TryGetValue(name, out string? value) ? value : null);

    public static ModelSourceSpec Spec(string uri, params (string Name, string Value)[] metadata) =>
        new(uri, "", metadata.ToDictionary(m => m.Name, m => m.Value));

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    public static byte[] Bytes(string seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed.GetHashCode(StringComparison.Ordinal)).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A name no other test run uses (buckets and containers are shared by every run on the emulator).</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 1 + 32, 63)];
}
