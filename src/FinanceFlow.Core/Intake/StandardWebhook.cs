using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FinanceFlow.Core.Intake;

/// <summary>Outcome of checking a Standard Webhooks signature.</summary>
public enum WebhookVerification
{
    Valid,
    MissingHeaders,
    InvalidSignature,
    TimestampOutOfTolerance,
    InvalidSecret,
}

/// <summary>Standard Webhooks signing: <c>v1,base64(HMAC-SHA256("{id}.{timestamp}.{body}"))</c> with a <c>whsec_</c> secret.</summary>
public static class StandardWebhook
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    private const string SecretPrefix = "whsec_";

    /// <summary>Signs a body; the result is one <c>v1,…</c> entry of the signature header.</summary>
    public static string Sign(string secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = DecodeSecret(secret) ?? throw new ArgumentException("The webhook secret must be whsec_ followed by base64.", nameof(secret));
        return "v1," + Convert.ToBase64String(Compute(key, messageId, timestamp.ToString(CultureInfo.InvariantCulture), body));
    }

    /// <summary>Checks headers and body against the secret; any one of several space-separated signatures may match.</summary>
    public static WebhookVerification Verify(
        string secret, string? messageId, string? timestamp, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrWhiteSpace(messageId) || string.IsNullOrWhiteSpace(timestamp) || string.IsNullOrWhiteSpace(signatureHeader))
        {
            return WebhookVerification.MissingHeaders;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return WebhookVerification.InvalidSignature;
        }

        var sentAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if ((now - sentAt).Duration() > tolerance)
        {
            return WebhookVerification.TimestampOutOfTolerance;
        }

        var key = DecodeSecret(secret);
        if (key is null)
        {
            return WebhookVerification.InvalidSecret;
        }

        var expected = Compute(key, messageId, timestamp, body);
        Span<byte> given = stackalloc byte[64];
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!candidate.StartsWith("v1,", StringComparison.Ordinal))
            {
                continue;
            }

            if (Convert.TryFromBase64String(candidate[3..], given, out var written)
                && CryptographicOperations.FixedTimeEquals(given[..written], expected))
            {
                return WebhookVerification.Valid;
            }
        }

        return WebhookVerification.InvalidSignature;
    }

    private static byte[] Compute(byte[] key, string messageId, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, content);
    }

    private static byte[]? DecodeSecret(string secret)
    {
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        try
        {
            return encoded.Length == 0 ? null : Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
