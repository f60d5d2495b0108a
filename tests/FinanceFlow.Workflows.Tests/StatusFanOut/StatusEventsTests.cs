using System.Text.Json;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.Sources;
using FinanceFlow.Workflows.StatusFanOut;

namespace FinanceFlow.Workflows.Tests.StatusFanOut;

/// <summary>Every event FinanceFlow emits validates against docs/schemas/status-cloudevent.schema.json and carries what consumers need.</summary>
public sealed class StatusEventsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private const string CorrelationId = "expense:canonical:R-1001:v2";

    public static TheoryData<ReportOutcome, string> Outcomes => new()
    {
        { ReportOutcome.Posted, "financeflow.expense.report.posted" },
        { ReportOutcome.Rejected, "financeflow.expense.report.rejected" },
        { ReportOutcome.PostingFailed, "financeflow.expense.report.failed" },
        { ReportOutcome.AwaitingMasterData, "financeflow.expense.report.held" },
        { ReportOutcome.PostingInDoubt, "financeflow.expense.report.in-doubt" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void ForResult_EachOutcome_EmitsItsTypeAndValidatesAgainstTheSchema(ReportOutcome outcome, string type)
    {
        // Act
        var statusEvent = StatusEvents.ForResult(Result(outcome), CorrelationId, Now);
        var json = StatusEventJson.Serialize(statusEvent);

        // Assert
        Assert.Empty(StatusEventSchema.Validate(json));
        Assert.Equal(type, statusEvent.Type);
        Assert.Equal($"expense:canonical:R-1001:v2:{type[(type.LastIndexOf('.') + 1)..]}", statusEvent.Id);
        Assert.Equal("/financeflow/canonical", statusEvent.Source);
        Assert.Equal("R-1001", statusEvent.Subject);
    }

    [Fact]
    public void ForResult_TwoEntities_CarriesEachDocumentAndTotalsPerCurrency()
    {
        // Act
        var statusEvent = StatusEvents.ForResult(Result(ReportOutcome.Posted), CorrelationId, Now);

        // Assert
        using var json = JsonDocument.Parse(StatusEventJson.Serialize(statusEvent));
        var data = json.RootElement.GetProperty("data");
        Assert.Equal("1.0", json.RootElement.GetProperty("specversion").GetString());
        Assert.Equal(["DOC-US", "DOC-DE"], data.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("erpDocument").GetString()));
        Assert.Equal(["USD 40.00", "EUR 18.50"], data.GetProperty("totals").EnumerateArray().Select(t => $"{t.GetProperty("currency").GetString()} {t.GetProperty("amount").GetDecimal():0.00}"));
        Assert.Equal(2, data.GetProperty("version").GetInt32());
    }

    [Fact]
    public void ForResult_SameResultTwice_SameIdSoReplaysAreDuplicates()
    {
        // Act
        var first = StatusEvents.ForResult(Result(ReportOutcome.Posted), CorrelationId, Now);
        var again = StatusEvents.ForResult(Result(ReportOutcome.Posted), CorrelationId, Now.AddMinutes(5));

        // Assert
        Assert.Equal(first.Id, again.Id);
    }

    [Fact]
    public void Accepted_RunStarted_ValidatesWithNoAmountsYet()
    {
        // Arrange
        var input = new ProcessReportInput("canonical", "R-1001", 2, "canonical/x.json", "msg", Now, "actor", new PostingRetryPlan(1, 1, 1, 1));

        // Act
        var statusEvent = StatusEvents.Accepted(input, CorrelationId, Now);

        // Assert
        Assert.Empty(StatusEventSchema.Validate(StatusEventJson.Serialize(statusEvent)));
        Assert.Equal("expense:canonical:R-1001:v2:accepted", statusEvent.Id);
        Assert.Equal(ReportOutcome.Pending, statusEvent.Data.Outcome);
    }

    [Fact]
    public void Paid_PartPayment_ValidatesAndIdNamesThePaymentReference()
    {
        // Arrange
        var row = new ReportStatusRecord("canonical", "R-1001", 2, CorrelationId, ReportStage.Completed, ReportOutcome.Posted, "E1", "Ada", "USD", 100m,
            "DOC-US", null, [], Now, Now, Documents: [new ErpDocument("US01", "us01", "USD", 100m, "FF-CANONICAL-R-1001", "DOC-US")]);
        var payment = new ReportPayment(new ReportKey("canonical", "R-1001"), 2, CorrelationId, "E1", "Ada", Now, 40m, "USD", "PAY-7", "ACH", "DOC-US", 40m, FullyPaid: false);

        // Act
        var statusEvent = StatusEvents.Paid(row, payment, Now);

        // Assert
        Assert.Empty(StatusEventSchema.Validate(StatusEventJson.Serialize(statusEvent)));
        Assert.Equal("expense:canonical:R-1001:v2:paid:PAY-7", statusEvent.Id);
        Assert.Equal(40m, statusEvent.Data.Payment?.Amount);
        Assert.False(statusEvent.Data.Payment?.FullyPaid);
    }

    [Fact]
    public void Validate_EventWithoutId_NamesTheField()
    {
        // Arrange
        var json = """{"specversion":"1.0","source":"/financeflow/canonical","type":"financeflow.expense.report.posted","subject":"R","time":"2026-11-26T09:00:00Z","datacontenttype":"application/json","data":{}}""";

        // Act
        var errors = StatusEventSchema.Validate(System.Text.Encoding.UTF8.GetBytes(json));

        // Assert
        Assert.Contains(errors, e => e.Message.Contains("id", StringComparison.Ordinal));
    }

    [Fact]
    public void ReconciliationCompleted_ThreeWayRun_CarriesTheCountsPerClassAndValidatesAgainstTheSchema()
    {
        // Arrange
        var counts = Core.Reconciliation.ThreeWayClasses.All.ToDictionary(c => c, _ => 0);
        counts[Core.Reconciliation.ThreeWayClasses.DuplicateInErp] = 1;
        counts[Core.Reconciliation.ThreeWayClasses.MissingInErp] = 2;
        var threeWay = new Core.Reconciliation.ThreeWayReport("2026-11-19..2026-11-27", Now.AddDays(-7), [], 4, 5, 6, 3, counts, [], ["expensify/R-1: pulled", "canonical/R-2: run again"]);
        var report = new Core.Reconciliation.ReconciliationReport("rec-20261126T090000Z-0123456789a", "schedule", Now, Now.AddSeconds(2), "Differences", [], [], ThreeWay: threeWay);

        // Act
        var statusEvent = StatusEvents.ReconciliationCompleted(report);
        var json = StatusEventJson.Serialize(statusEvent);

        // Assert
        Assert.Empty(StatusEventSchema.Validate(json));
        Assert.Equal(("financeflow.reconciliation.completed", "reconciliation:rec-20261126T090000Z-0123456789a:completed", "/financeflow/reconciliation"), (statusEvent.Type, statusEvent.Id, statusEvent.Source));
        using var document = JsonDocument.Parse(json);
        var data = document.RootElement.GetProperty("data").GetProperty("reconciliation");
        Assert.Equal(("Differences", "2026-11-19..2026-11-27", 2), (data.GetProperty("outcome").GetString(), data.GetProperty("window").GetString(), data.GetProperty("redriven").GetInt32()));
        Assert.Equal((2, 1), (data.GetProperty("counts").GetProperty("missing-in-erp").GetInt32(), data.GetProperty("counts").GetProperty("duplicate-in-erp").GetInt32()));
    }

    [Fact]
    public void Schema_ReportEventWithoutOutcome_IsRefused()
    {
        var statusEvent = StatusEvents.ForResult(Result(ReportOutcome.Posted), CorrelationId, Now);
        var json = StatusEventJson.Serialize(statusEvent with { Data = statusEvent.Data with { Outcome = null } });

        Assert.NotEmpty(StatusEventSchema.Validate(json));
    }

    private static ReportResult Result(ReportOutcome outcome) => new(
        "canonical", "R-1001", 2, outcome, outcome == ReportOutcome.Posted ? "DOC-US" : null, "Ada", "USD", 58.50m,
        outcome is ReportOutcome.Rejected or ReportOutcome.AwaitingMasterData ? [new Finding("expense-type-unmapped", "No GL account.", "/lines/0/expenseType")] : [],
        outcome switch
        {
            ReportOutcome.PostingFailed => "The ERP could not be reached after 3 attempts.",
            ReportOutcome.PostingInDoubt => "DE01: In doubt: hledger-web did not answer within 10 s; nothing is sent again.",
            _ => null,
        },
        outcome is ReportOutcome.Posted or ReportOutcome.PostingFailed or ReportOutcome.PostingInDoubt
            ?
            [
                new ErpDocument("US01", "us01", "USD", 40.00m, "FF-CANONICAL-R-1001", outcome == ReportOutcome.Posted ? "DOC-US" : null),
                new ErpDocument("DE01", "de01", "EUR", 18.50m, "FF-CANONICAL-R-1001.DE01", outcome == ReportOutcome.Posted ? "DOC-DE" : null),
            ]
            : null);
}
