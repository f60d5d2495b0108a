using System.Text;
using System.Text.Json;
using FinanceFlow.Core.Intake;

namespace FinanceFlow.Core.Tests;

public class StandardWebhookTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private sealed record Vector(string Secret, string Id, long Timestamp, byte[] Body, string Signature)
    {
        public string TimestampText => Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public DateTimeOffset SentAt => DateTimeOffset.FromUnixTimeSeconds(Timestamp);
    }

    private static Vector LoadVector()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepoFiles.Reference("standard-webhooks/standardwebhooks-test-vector.json")));
        var root = document.RootElement;
        return new Vector(
            root.GetProperty("secret").GetString()!,
            root.GetProperty("webhook-id").GetString()!,
            root.GetProperty("webhook-timestamp").GetInt64(),
            Encoding.UTF8.GetBytes(root.GetProperty("payload").GetString()!),
            root.GetProperty("expected-webhook-signature").GetString()!);
    }

    [Fact]
    public void Verify_PublishedTestVector_IsValid()
    {
        var v = LoadVector();

        var result = StandardWebhook.Verify(v.Secret, v.Id, v.TimestampText, v.Signature, v.Body, v.SentAt.AddSeconds(30), Tolerance);

        Assert.Equal(WebhookVerification.Valid, result);
    }

    [Fact]
    public void Sign_PublishedTestVector_ProducesExpectedSignature()
    {
        var v = LoadVector();

        var signature = StandardWebhook.Sign(v.Secret, v.Id, v.Timestamp, v.Body);

        Assert.Equal(v.Signature, signature);
    }

    [Fact]
    public void Verify_TamperedBody_IsInvalidSignature()
    {
        var v = LoadVector();
        var tampered = Encoding.UTF8.GetBytes("{\"test\": 2432232315}");

        var result = StandardWebhook.Verify(v.Secret, v.Id, v.TimestampText, v.Signature, tampered, v.SentAt, Tolerance);

        Assert.Equal(WebhookVerification.InvalidSignature, result);
    }

    [Fact]
    public void Verify_TimestampOlderThanTolerance_IsRejectedAsOutOfTolerance()
    {
        var v = LoadVector();

        var result = StandardWebhook.Verify(v.Secret, v.Id, v.TimestampText, v.Signature, v.Body, v.SentAt.AddMinutes(6), Tolerance);

        Assert.Equal(WebhookVerification.TimestampOutOfTolerance, result);
    }

    [Theory]
    [InlineData(null, "1614265330", "v1,x")]
    [InlineData("msg_1", null, "v1,x")]
    [InlineData("msg_1", "1614265330", "")]
    public void Verify_MissingHeader_IsMissingHeaders(string? id, string? timestamp, string? signature)
    {
        var v = LoadVector();

        var result = StandardWebhook.Verify(v.Secret, id, timestamp, signature, v.Body, v.SentAt, Tolerance);

        Assert.Equal(WebhookVerification.MissingHeaders, result);
    }

    [Fact]
    public void Verify_OneOfSeveralSignaturesMatches_IsValid()
    {
        var v = LoadVector();
        var header = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + v.Signature;

        var result = StandardWebhook.Verify(v.Secret, v.Id, v.TimestampText, header, v.Body, v.SentAt, Tolerance);

        Assert.Equal(WebhookVerification.Valid, result);
    }
}
