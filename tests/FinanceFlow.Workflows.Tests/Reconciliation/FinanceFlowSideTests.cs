using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Reconciliation;

namespace FinanceFlow.Workflows.Tests.Reconciliation;

public sealed class FinanceFlowSideTests
{
    private static readonly DateTimeOffset Changed = new(2026, 12, 6, 18, 5, 0, TimeSpan.Zero);

    [Fact]
    public void From_TwoEntityReport_GivesOneDocumentAndAJournalPerEntityInItsLedgerAndCurrency()
    {
        var row = Row("R1", ReportOutcome.Posted) with
        {
            Documents =
            [
                new ErpDocument("US01", "us01", "USD", 120.50m, "FF-CONCUR-R1", "FF-CONCUR-R1", PostingDate: new DateOnly(2026, 12, 4)),
                new ErpDocument("DE01", null, "EUR", 80m, "FF-CONCUR-R1.DE01", "FF-CONCUR-R1.DE01"),
            ],
        };

        var side = FinanceFlowSide.From([row]);

        var document = Assert.Single(side.Documents);
        Assert.Equal(("concur", "R1", "E100", 200.50m, "USD", Changed), (document.Source, document.DocumentId, document.Employee, document.Amount, document.Currency, document.LastChange));
        Assert.Collection(
            side.Postings,
            us => Assert.Equal((0, "FF-CONCUR-R1", "us01", 120.50m, "USD", new DateOnly(2026, 12, 4), true), (us.Document, us.Reference, us.Ledger, us.TotalDebit, us.Currency, us.Date, us.Posted)),
            de => Assert.Equal(("FF-CONCUR-R1.DE01", ErpLedger.DefaultName, 80m, "EUR", new DateOnly(2026, 12, 6), true), (de.Reference, de.Ledger, de.TotalDebit, de.Currency, de.Date, de.Posted)));
    }

    [Fact]
    public void From_JournalHeldBackOrWithoutDocument_IsNotPosted()
    {
        var row = Row("R2", ReportOutcome.PostingFailed) with
        {
            Documents =
            [
                new ErpDocument("US01", "us01", "USD", 10m, "FF-CONCUR-R2", null, Reason: "refused"),
                new ErpDocument("CA01", "ca01", "CAD", 12m, "FF-CONCUR-R2.CA01", "D-1", Reason: "in doubt"),
            ],
        };

        var side = FinanceFlowSide.From([row]);

        Assert.All(side.Postings, p => Assert.False(p.Posted));
    }

    [Fact]
    public void From_PaymentRecorded_IsPaid()
    {
        var side = FinanceFlowSide.From([Row("R3", ReportOutcome.Posted) with { PaidAmount = 50m }, Row("R4", ReportOutcome.Posted)]);

        Assert.Equal([true, false], side.Documents.Select(d => d.Paid));
    }

    private static ReportStatusRecord Row(string id, ReportOutcome outcome) => new(
        "concur", id, 1, $"expense:concur:{id}:v1", ReportStage.Completed, outcome, "E100", "Ada", "USD", 200.50m, null, null, [], Changed.AddHours(-1), Changed);
}
