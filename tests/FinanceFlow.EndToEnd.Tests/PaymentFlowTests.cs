using System.Net;
using System.Text;
using System.Text.Json;
using FinanceFlow.Core.Intake;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>What finance notices when the ERP's payment run reports payments of canonical reports to the self-host.</summary>
public sealed class PaymentFlowTests(EndToEndFixture e2e) : IClassFixture<EndToEndFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Payment_PartThenRestOfAPostedReport_RecordedOnTheReportWithSignedPaidCallbacks()
    {
        // Arrange
        var reportId = "E2E-" + Guid.NewGuid().ToString("N")[..8];
        using var accepted = await e2e.DeliverAsync(EndToEndFixture.Sample("02-usd-nyc-client-visit.json", reportId));
        var posted = await e2e.WaitForOutcomeAsync(reportId, Timeout);
        Assert.Equal("Posted", posted.GetProperty("outcome").GetString());
        var total = posted.GetProperty("totalAmount").GetDecimal();
        var currency = posted.GetProperty("currency").GetString()!;
        var part = $"PAY-{reportId}-1";
        var rest = $"PAY-{reportId}-2";

        // Act
        var (partStatus, _, partAnswer) = await PayAsync(reportId, 100m, currency, part);
        var (restStatus, _, restAnswer) = await PayAsync(reportId, total - 100m, currency, rest);
        var (repeatStatus, _, repeatAnswer) = await PayAsync(reportId, total - 100m, currency, rest);
        var view = await e2e.ReportAsync(reportId);

        // Assert
        Assert.Equal((HttpStatusCode.OK, false, 100m, false), (partStatus, partAnswer.GetProperty("fullyPaid").GetBoolean(),
            partAnswer.GetProperty("paidAmount").GetDecimal(), partAnswer.GetProperty("duplicate").GetBoolean()));
        Assert.Equal((HttpStatusCode.OK, true, total, false), (restStatus, restAnswer.GetProperty("fullyPaid").GetBoolean(),
            restAnswer.GetProperty("paidAmount").GetDecimal(), restAnswer.GetProperty("duplicate").GetBoolean()));
        Assert.Equal((HttpStatusCode.OK, true, total), (repeatStatus, repeatAnswer.GetProperty("duplicate").GetBoolean(),
            repeatAnswer.GetProperty("paidAmount").GetDecimal()));

        Assert.Equal((total, rest), (view.GetProperty("paidAmount").GetDecimal(), view.GetProperty("paymentReference").GetString()));
        Assert.Equal(
            ["Confirmed", "Confirmed", "Duplicate"],
            view.GetProperty("audit").EnumerateArray().Where(a => a.GetProperty("step").GetString() == "PaymentConfirmed").Select(a => a.GetProperty("outcome").GetString()));

        // One signed Paid callback per payment reference; the repeated request tells the source nothing again.
        var paid = PaidCallbacks(reportId);
        Assert.Equal([part, rest], paid.Select(p => p.Body.GetProperty("payment").GetProperty("paymentReference").GetString()));
        var last = paid[^1];
        Assert.Equal((total, true), (last.Body.GetProperty("payment").GetProperty("paidAmount").GetDecimal(), last.Body.GetProperty("payment").GetProperty("fullyPaid").GetBoolean()));
        Assert.Equal(
            WebhookVerification.Valid,
            StandardWebhook.Verify(e2e.Secret, last.Id, last.Timestamp, last.Signature, last.Bytes, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Payment_RejectedReport_Answers409ProblemAndRecordsNothing()
    {
        // Arrange
        var reportId = "E2E-" + Guid.NewGuid().ToString("N")[..8];
        using var accepted = await e2e.DeliverAsync(EndToEndFixture.Sample("11-rejected-self-approved.json", reportId));
        var rejected = await e2e.WaitForOutcomeAsync(reportId, Timeout);
        Assert.Equal("Rejected", rejected.GetProperty("outcome").GetString());

        // Act
        var (status, contentType, problem) = await PayAsync(reportId, 1m, rejected.GetProperty("currency").GetString()!, $"PAY-{reportId}");
        var view = await e2e.ReportAsync(reportId);

        // Assert
        Assert.Equal((HttpStatusCode.Conflict, "application/problem+json"), (status, contentType));
        Assert.EndsWith("report-not-posted", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("paidAmount").ValueKind);
        Assert.Empty(PaidCallbacks(reportId));
    }

    private async Task<(HttpStatusCode Status, string? ContentType, JsonElement Body)> PayAsync(string reportId, decimal amount, string currency, string reference)
    {
        var json = JsonSerializer.Serialize(new { paidAt = "2026-11-20T10:00:00Z", amount, currency, paymentReference = reference });
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await e2e.Http.PostAsync($"/api/v1/reports/canonical/{reportId}/payment", content);
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body.RootElement.Clone());
    }

    /// <summary>The <c>Paid</c> callbacks the receiver got for a report, oldest first.</summary>
    private List<(JsonElement Body, byte[] Bytes, string Id, string Timestamp, string Signature)> PaidCallbacks(string reportId) =>
        [.. e2e.Callbacks.LogEntries.Select(l => l.RequestMessage)
            .Where(r => r.Path == EndToEndFixture.CallbackPath && r.Body?.Contains(reportId, StringComparison.Ordinal) == true)
            .OrderBy(r => r.DateTime)
            .Select(r => (Body: JsonDocument.Parse(r.Body!).RootElement.Clone(), Bytes: r.BodyAsBytes!, Id: r.Headers![StandardWebhook.IdHeader].Single(),
                Timestamp: r.Headers[StandardWebhook.TimestampHeader].Single(), Signature: r.Headers[StandardWebhook.SignatureHeader].Single()))
            .Where(c => c.Body.GetProperty("status").GetString() == "Paid")];
}
