[assembly: Parallelize(Scope = ExecutionScope.MethodLevel, Workers = 2)]

// The end-to-end tests drive skopeo, umoci and Unix file modes: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
