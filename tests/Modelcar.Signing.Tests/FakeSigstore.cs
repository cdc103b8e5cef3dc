using Modelcar.Signing.Tests.Fakes;

namespace Modelcar.Signing.Tests;

/// <summary>One fake Sigstore (Fulcio, Rekor, GitHub token service) for the whole test assembly, on 127.0.0.1:5701.</summary>
[TestClass]
public static class FakeSigstore
{
    public const int Port = 5701;

    public static FakeSigstoreServer Server { get; private set; } = null!;

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext _) => Server = await FakeSigstoreServer.StartAsync(Port);

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
    }
}
