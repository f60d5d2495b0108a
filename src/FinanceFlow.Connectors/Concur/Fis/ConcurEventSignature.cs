using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>Checks the <c>Concur-Signature</c> header of an Event Subscription Service delivery against Concur's published keys.</summary>
/// <remarks>
/// Concur's guide (2025-10) says every delivery carries a digital signature in <c>Concur-Signature</c>, checked with its
/// published public key (the key of its <c>webhook.api.concursolutions.com</c> certificate since October 22, 2025; the key
/// printed before that date is superseded), and no more. What it does not say is taken as the common reading and is
/// unverified against a real delivery: the signature is base64 of RSASSA-PKCS1-v1_5 with SHA-256 over the raw request body,
/// exactly as received. Hence off unless <see cref="ConcurEventSignatureOptions.VerifyEventSignature"/> or keys are set.
/// </remarks>
public sealed class ConcurEventSignature(IOptions<ConcurEventSignatureOptions> options)
{
    /// <summary>The header name (HTTP header names are case-insensitive).</summary>
    public const string HeaderName = "Concur-Signature";

    // SubjectPublicKeyInfo bytes, imported per call: RSA instances are not documented as safe to share across threads.
    private readonly byte[][] _keys = [.. options.Value.Keys().Select(ConcurEventSignatureOptions.SubjectPublicKeyInfo)];

    /// <summary>True when the signature is to be checked (published or configured keys), so the webhook should require the header.</summary>
    public bool IsConfigured => _keys.Length > 0;

    /// <summary>Verifies <paramref name="signatureHeader"/> over the raw body with each configured key.</summary>
    public ConcurSignatureResult Verify(ReadOnlySpan<byte> body, string? signatureHeader)
    {
        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            return ConcurSignatureResult.Missing;
        }

        var signature = new byte[signatureHeader.Length];
        if (!Convert.TryFromBase64String(signatureHeader.Trim(), signature, out var length))
        {
            return ConcurSignatureResult.Invalid;
        }

        using var rsa = RSA.Create();
        foreach (var key in _keys)
        {
            rsa.ImportSubjectPublicKeyInfo(key, out _);
            if (rsa.VerifyData(body, signature.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return ConcurSignatureResult.Valid;
            }
        }

        return ConcurSignatureResult.Invalid;
    }
}
