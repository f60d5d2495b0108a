using FinanceFlow.Core.Messaging;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Integration.Tests.StatusFanOut;

internal static class StatusEventSamples
{
    public static StatusCloudEvent Posted(string reportId = "R-1001") => new(
        StatusEventIds.For(new ReportKey("canonical", reportId), 1, StatusEventTypes.Posted),
        StatusEventIds.SourceUri("canonical"),
        StatusEventTypes.Posted,
        reportId,
        new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero),
        new StatusEventData(
            reportId, 1, "canonical", $"expense:canonical:{reportId}:v1", ReportOutcome.Posted,
            [new StatusEventDocument("US01", "us01", "USD", 60.00m, $"FF-CANONICAL-{reportId}", "DOC-7", null)],
            [new StatusEventTotal("USD", 60.00m)], [], null, null));
}
