using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace Modelcar.Testing.Fakes;

/// <summary>
/// A private CA made with openssl (as a company's is), and a server certificate it issued for 127.0.0.1 and
/// localhost: the https test servers present it, and tests trust it through ModelcarCaBundle or not at all.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    public const string CaSubject = "CN=Modelcar Test Company CA, O=Modelcar Tests";
    public const string ServerSubject = "CN=models.internal.test, O=Modelcar Tests";

    private TestCertificateAuthority(string folder) => Folder = folder;

    public string Folder { get; }

    /// <summary>The CA certificate as PEM: what a user puts in ModelcarCaBundle.</summary>
    public string CaBundlePath => Path.Combine(Folder, "ca.pem");

    public X509Certificate2 ServerCertificate() =>
        X509Certificate2.CreateFromPemFile(Path.Combine(Folder, "server.pem"), Path.Combine(Folder, "server.key"));

    public X509Certificate2Collection CaCertificates()
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(CaBundlePath);
        return collection;
    }

    public static TestCertificateAuthority Create()
    {
        string folder = Path.Combine(Path.GetTempPath(), "modelcar-ca-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "server.ext"),
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        OpenSsl(folder, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/O=Modelcar Tests/CN=Modelcar Test Company CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        OpenSsl(folder, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/O=Modelcar Tests/CN=models.internal.test");
        OpenSsl(folder, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
        return new TestCertificateAuthority(folder);
    }

    private static void OpenSsl(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed: {output}");
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
