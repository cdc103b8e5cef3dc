using System.Diagnostics;

namespace Modelcar.EndToEnd.Tests;

/// <summary>
/// A modelcar pushed by <c>dotnet publish</c>, pulled with skopeo and unpacked with umoci, then started the way
/// KServe starts it: the exact <c>modelcar-init</c> and <c>modelcar</c> sidecar commands of KServe's
/// storage.go (../shared/kserve/README.md), run by the image's own sh as uidModelcar 1010.
/// </summary>
[TestClass]
[TestCategory("Registry")]
public sealed class ModelcarStartsTests
{
    private const int UidModelcar = 1010;

    private static string InitCommand(string image) =>
        $"echo 'Pre-fetching modelcar {image}: ' && [ -d /models ] && [ \"$(ls -A /models)\" ] && echo OK || (echo NOK && exit 1)";

    private const string SidecarCommand = "ln -sf /proc/$$/root/models /mnt/models && sleep infinity";

    /// <summary>KServe's form for a non-default mount path (here /mnt/data/model).</summary>
    private const string SidecarCommandWithMountPath = "mkdir -p /mnt/data && ln -sf /proc/$$/root/models /mnt/data/model && sleep infinity";

    private static (ImageReader Image, Dictionary<string, string> Files, string Reference) PublishAndPull(string name)
    {
        string registry = TestEnvironment.Registry;
        string repository = $"e2e/starts-{name}-" + Guid.NewGuid().ToString("N")[..8];
        var project = new ModelProject(name, $"""
                <ContainerRegistry>{registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImageWithEntrypoint}</ContainerBaseImage>
                <ContainerUser>{UidModelcar}</ContainerUser>
                <KServeModelFormat>huggingface</KServeModelFormat>
            """);
        var files = ModelFiles.AddTypicalModel(project);
        project.Publish().EnsureSuccess("dotnet publish");
        var published = new PublishedImage(project);
        return (ImageReader.Unpack($"docker://{registry}/{repository}@{published.Digest}"), files, published.Reference);
    }

    [TestMethod]
    public void Modelcar_RunsKServesInitAndSidecar_AsUidModelcar()
    {
        (ImageReader image, Dictionary<string, string> files, string reference) = PublishAndPull("starts");
        var sandbox = ModelcarSandbox.Open(image.RootFs);

        // modelcar-init: /models is there and not empty.
        ProcessResult init = sandbox.Run(InitCommand(reference), UidModelcar);
        Assert.AreEqual(0, init.ExitCode, init.Output);
        StringAssert.Contains(init.Output, $"Pre-fetching modelcar {reference}:");
        Assert.AreEqual("OK", init.Output.Trim().Split('\n')[^1].Trim(), init.Output);

        // The sidecar links /mnt/models to its own root's /models and keeps running.
        using Process sidecar = sandbox.Start(SidecarCommand, UidModelcar);
        try
        {
            string link = Path.Combine(image.RootFs, "mnt", "models");
            WaitForLink(link, sidecar);
            Assert.AreEqual($"/proc/{sidecar.Id}/root/models", new FileInfo(link).LinkTarget, "$$ is the sidecar's own sh");

            // A second process with the same UID (the serving container) reads the model through the link, byte for byte.
            string read = string.Join(" ", files.Keys.Select(f => $"/mnt/models/{f}"));
            ProcessResult sums = sandbox.Run($"sha256sum {read}", UidModelcar);
            Assert.AreEqual(0, sums.ExitCode, sums.Output);
            foreach ((string path, string hash) in files) StringAssert.Contains(sums.Output, $"{hash}  /mnt/models/{path}");

            // sleep infinity keeps the sidecar (and so /proc/<pid>/root) alive.
            Assert.IsFalse(sidecar.WaitForExit(TimeSpan.FromSeconds(1)), $"the sidecar exited: {sidecar.StandardError.ReadToEnd()}");
        }
        finally
        {
            sidecar.Kill(entireProcessTree: true);
            sidecar.WaitForExit();
        }

        // mkdir -p, for a non-default mount path.
        using Process custom = sandbox.Start(SidecarCommandWithMountPath, UidModelcar);
        try
        {
            WaitForLink(Path.Combine(image.RootFs, "mnt", "data", "model"), custom);
            Assert.IsFalse(custom.WaitForExit(TimeSpan.FromSeconds(1)), $"the sidecar exited: {custom.StandardError.ReadToEnd()}");
        }
        finally
        {
            custom.Kill(entireProcessTree: true);
            custom.WaitForExit();
        }

        // The init check can fail: with /models empty it says NOK and exits 1.
        string models = Path.Combine(image.RootFs, "models");
        string aside = Path.Combine(image.RootFs, "models-aside");
        Directory.Move(models, aside);
        Directory.CreateDirectory(models);
        ProcessResult empty = sandbox.Run(InitCommand(reference), UidModelcar);
        Assert.AreEqual(1, empty.ExitCode, empty.Output);
        StringAssert.Contains(empty.Output, "NOK");
    }

    /// <summary>
    /// The sklearn sample's model, served the KServe way: a process with the sidecar's UID (the serving
    /// container) loads it through the sidecar's <c>/mnt/models</c> link with Debian's scikit-learn and predicts.
    /// </summary>
    [TestMethod]
    public void SklearnModel_LoadsThroughTheSidecarsLink_AndPredicts()
    {
        string sample = Path.Combine(RepositoryRoot.Path, "samples", "sklearn-iris");
        if (!File.Exists("/usr/bin/python3") || ProcessRunner.Run("/usr/bin/python3", ["-c", "import sklearn, joblib"]).ExitCode != 0)
        {
            TestEnvironment.Missing("Debian's python3-sklearn and python3-joblib are needed to load the model (eng/test-env/install.sh).");
        }
        string registry = TestEnvironment.Registry;
        string repository = "e2e/starts-sklearn-" + Guid.NewGuid().ToString("N")[..8];
        var project = new ModelProject("iris", $"""
                <ContainerRegistry>{registry}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerBaseImage>{TestEnvironment.BaseImage}</ContainerBaseImage>
                <ContainerUser>{UidModelcar}</ContainerUser>
                <KServeModelFormat>sklearn</KServeModelFormat>
            """);
        Directory.CreateDirectory(Path.Combine(project.Directory, "model"));
        File.Copy(Path.Combine(sample, "model", "model.joblib"), Path.Combine(project.Directory, "model", "model.joblib"));
        project.Publish().EnsureSuccess("dotnet publish");
        var image = ImageReader.Unpack($"docker://{registry}/{repository}@{new PublishedImage(project).Digest}");
        var sandbox = ModelcarSandbox.Open(image.RootFs);

        // predict.py where UID 1010 can read it.
        string scripts = Path.Combine(SdkPackage.Work, "scripts-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(scripts);
        File.SetUnixFileMode(scripts, (UnixFileMode)0b111_101_101);
        string predictPy = Path.Combine(scripts, "predict.py");
        File.Copy(Path.Combine(sample, "predict.py"), predictPy);
        File.SetUnixFileMode(predictPy, (UnixFileMode)0b110_100_100);

        using Process sidecar = sandbox.Start(SidecarCommand, UidModelcar);
        try
        {
            WaitForLink(Path.Combine(image.RootFs, "mnt", "models"), sidecar);
            // The emptyDir as the sidecar sees it; its absolute link then resolves in the reader's own root,
            // as /mnt/models does in the serving container of a pod that shares its process namespace.
            string models = $"/proc/{sidecar.Id}/root/mnt/models";
            ProcessResult predict = ProcessRunner.Run("setpriv",
                ["--reuid", UidModelcar.ToString(), "--regid", UidModelcar.ToString(), "--clear-groups", "/usr/bin/python3", predictPy, models],
                environment: new Dictionary<string, string?> { ["HOME"] = scripts });
            Assert.AreEqual("0", predict.EnsureSuccess("predict.py as UID 1010 through /mnt/models").Output.Trim(), "the iris model predicts setosa for a setosa flower");
        }
        finally
        {
            sidecar.Kill(entireProcessTree: true);
            sidecar.WaitForExit();
        }
    }

    /// <summary>Waits (up to 30 s, not a timing assertion) for the sidecar to create its link.</summary>
    private static void WaitForLink(string link, Process sidecar)
    {
        var deadline = Stopwatch.StartNew();
        while (new FileInfo(link).LinkTarget is null)
        {
            if (sidecar.HasExited) Assert.Fail($"the sidecar exited with {sidecar.ExitCode} before linking {link}: {sidecar.StandardOutput.ReadToEnd()}{sidecar.StandardError.ReadToEnd()}");
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) Assert.Fail($"the sidecar did not create {link}");
            Thread.Sleep(50);
        }
    }
}
