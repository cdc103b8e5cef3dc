using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Modelcar.Signing;

/// <summary>Reads the identity out of a Fulcio certificate: the subject alternative name and the OIDC issuer extension.</summary>
public static class CertificateIdentity
{
    /// <summary>Fulcio's OIDC issuer extension, v2 (a DER UTF8String).</summary>
    public const string IssuerV2Oid = "1.3.6.1.4.1.57264.1.8";

    /// <summary>Fulcio's OIDC issuer extension, v1 (the raw ASCII bytes; deprecated but still written).</summary>
    public const string IssuerV1Oid = "1.3.6.1.4.1.57264.1.1";

    /// <summary>The first URI or email in the SAN extension (a GitHub workflow URI, an email, a SPIFFE id...).</summary>
    public static string? SubjectAlternativeName(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (extension is null) return null;
        var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
        while (reader.HasData)
        {
            var tag = reader.PeekTag();
            // GeneralName: [1] rfc822Name, [6] uniformResourceIdentifier, both IA5String.
            if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 1 or 6)
            {
                return reader.ReadCharacterString(UniversalTagNumber.IA5String, tag);
            }
            reader.ReadEncodedValue();
        }
        return null;
    }

    public static string? Issuer(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == IssuerV2Oid)
            {
                return new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.UTF8String);
            }
        }
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == IssuerV1Oid) return Encoding.ASCII.GetString(extension.RawData);
        }
        return null;
    }
}
