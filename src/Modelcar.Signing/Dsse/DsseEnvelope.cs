namespace Modelcar.Signing.Dsse;

/// <summary>A DSSE envelope with its one signature, as a Sigstore bundle carries it.</summary>
public sealed record DsseEnvelope(string PayloadType, byte[] Payload, byte[] Signature)
{
    /// <summary>The payload type of an in-toto statement.</summary>
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    public byte[] PreAuthenticationEncoding() => DssePae.Encode(PayloadType, Payload);
}
