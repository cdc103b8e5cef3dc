using Modelcar.Oci.Registry;

namespace Modelcar.Oci.Tests.Registry;

[TestClass]
public sealed class AuthChallengeTests
{
    [TestMethod]
    public void Bearer_KeepsCommasInsideQuotedValues()
    {
        var challenge = AuthChallenge.ParseAll("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/ubuntu:pull,push\"").Single();

        Assert.IsTrue(challenge.IsBearer);
        Assert.AreEqual("https://auth.docker.io/token", challenge.Realm);
        Assert.AreEqual("registry.docker.io", challenge.Service);
        Assert.AreEqual("repository:library/ubuntu:pull,push", challenge.Scope);
    }

    [TestMethod]
    public void Bearer_AcceptsSpacesUnquotedValuesAndEscapes()
    {
        var challenge = AuthChallenge.ParseAll("bearer  realm = \"https://quay.io/v2/auth\" , service=quay.io, error=\"say \\\"hi\\\"\"").Single();

        Assert.IsTrue(challenge.IsBearer);
        Assert.AreEqual("https://quay.io/v2/auth", challenge.Realm);
        Assert.AreEqual("quay.io", challenge.Service);
        Assert.AreEqual("say \"hi\"", challenge.Parameters["ERROR"]);
        Assert.IsNull(challenge.Scope);
    }

    [TestMethod]
    public void Basic_IsRecognised()
    {
        var challenge = AuthChallenge.ParseAll("Basic realm=\"Registry Realm\"").Single();

        Assert.IsTrue(challenge.IsBasic);
        Assert.AreEqual("Registry Realm", challenge.Realm);
    }

    [TestMethod]
    public void SeveralChallenges_InOneHeader_AreSeparated()
    {
        var all = AuthChallenge.ParseAll("Basic realm=\"r\", Bearer realm=\"https://a/token\",service=\"s\"");

        Assert.HasCount(2, all);
        Assert.IsTrue(all[0].IsBasic);
        Assert.IsTrue(all[1].IsBearer);
        Assert.AreEqual("s", all[1].Service);
    }

    [TestMethod]
    public void Select_PrefersBearer()
    {
        var selected = AuthChallenge.Select(["Basic realm=\"r\"", "Bearer realm=\"https://a/token\""]);

        Assert.IsNotNull(selected);
        Assert.IsTrue(selected.IsBearer);
    }

    [TestMethod]
    public void Select_IgnoresUnknownSchemes()
    {
        Assert.IsNull(AuthChallenge.Select(["Negotiate", ""]));
    }
}
