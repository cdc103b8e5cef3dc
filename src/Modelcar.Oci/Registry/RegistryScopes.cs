namespace Modelcar.Oci.Registry;

/// <summary>
/// Token scopes (distribution token spec). Reads ask only for pull so that reading a public base image works
/// anonymously or with credentials that may not push there; a cross-repository mount also needs pull on the source.
/// </summary>
internal static class RegistryScopes
{
    public static string Pull(string repository) => $"repository:{repository}:pull";

    public static string Push(string repository) => $"repository:{repository}:pull,push";

    public static string Mount(string repository, string fromRepository) => $"{Push(repository)} {Pull(fromRepository)}";
}
