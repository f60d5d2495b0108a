using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.Reconciliation;
using Moq;

namespace FinanceFlow.Workflows.Tests.Intake;

/// <summary>A Concur document refused at intake (no run exists for it) is open work for finance; a policy rejection is the submitter's.</summary>
public sealed class IntakeRejectionQueueTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ListAsync_ConcurDocumentRejectedAtIntake_IsARejectedItemAndAPolicyRejectionIsNot()
    {
        var refused = Row("BB6963B71DE97746B37FE399FAE994B6", ConcurEventIntake.RejectedStatusPrefix + "msg_ca1", "Concur refused the acknowledgement of cashadvance document 7c1e (kept, not posted): code 102");
        var byPolicy = Row("R-1", "expense:concur:R-1:v1", null);
        var statuses = new Mock<IReportStatusStore>();
        statuses.Setup(s => s.ListByOutcomeAsync(It.Is<IReadOnlyCollection<ReportOutcome>>(o => o.Contains(ReportOutcome.Rejected)), It.IsAny<CancellationToken>()))
            .ReturnsAsync([refused, byPolicy]);
        var batches = new Mock<ICardBatchStore>();
        batches.Setup(b => b.ListByOutcomeAsync(It.IsAny<IReadOnlyCollection<ReportOutcome>>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var audit = new Mock<IAuditTrail>();
        audit.Setup(a => a.FindAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var openWork = new OpenWork(
            statuses.Object, batches.Object, audit.Object, new StaticOptions<ReconciliationOptions>(new()), new StaticOptions<WatchdogOptions>(new()), new FixedTime(Now));

        var items = await openWork.ListAsync(CancellationToken.None);

        var item = Assert.Single(items);
        Assert.Equal((OpenWork.Rejected, "concur", refused.ReportId), (item.Kind, item.Source, item.ReportId));
        Assert.Contains("code 102", item.Reason, StringComparison.Ordinal);
        Assert.Contains("Concur", item.Action, StringComparison.Ordinal);
    }

    private static ReportStatusRecord Row(string reportId, string instanceId, string? reason) =>
        new("concur", reportId, 0, instanceId, ReportStage.Completed, ReportOutcome.Rejected, null, null, null, null, null, reason, [], Now, Now);
}
