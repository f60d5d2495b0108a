using System.Text.Json;
using FinanceFlow.Api.Http;
using FinanceFlow.Api.Reports;
using FinanceFlow.Connectors.Callbacks;
using FinanceFlow.Connectors.Concur;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Emulators.Expensify;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Payments;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.Sources;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FinanceFlow.Api.Tests.Reports;

/// <summary>The payment operation on the real status and audit tables of an Azurite the fixture starts; every test gets tables of its own.</summary>
[Trait("Category", "Integration")]
public sealed class PaymentEndpointsTests : IClassFixture<AzuriteProcess>, IDisposable
{
    private const string DocumentId = "5F8FC21234374B979809";
    private const string ConcurReportId = "D0719B539ED64FE612AB";
    private const string ExpensifyReportId = "R006AseGxMka";
    private const string Blob = $"concur/2026/11/26/doc-{DocumentId}.json";
    private const string Reference = "US01/667799/2026/2";
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private readonly ConcurFisEmulator _fis = new();
    private readonly ExpensifyEmulator _expensify = new();
    private readonly Mock<IRawPayloadStore> _raw = new();
    private readonly Mock<ISourceCallbackClient> _callbacks = new();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly RecordingStatusPublisher _statusQueue = new(StatusTargetKind.StorageQueue);
    private readonly TableReportStatusStore _statuses;
    private readonly TablePaymentStore _payments;
    private readonly TableAuditTrail _audit;
    private readonly ServiceProvider _fisServices;
    private readonly ServiceProvider _expensifyServices;

    public PaymentEndpointsTests(AzuriteProcess azurite)
    {
        var tables = new FreshTables(azurite.ConnectionString);
        _statuses = new TableReportStatusStore(tables);
        _payments = new TablePaymentStore(tables);
        _audit = new TableAuditTrail(tables);
        _raw.Setup(r => r.ReadAsync(Blob, It.IsAny<CancellationToken>())).ReturnsAsync(BinaryData.FromString(ConcurFisPayloads.ExpensePage(DocumentId)));
        var input = new ProcessReportInput("concur", ConcurReportId, 1, Blob, "msg-1", Now, "system", new PostingRetryPlan(1, 1, 1, 1));
        _client.Setup(c => c.GetInstanceAsync(InstanceId("concur", ConcurReportId), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(nameof(ProcessExpenseReport), InstanceId("concur", ConcurReportId))
            {
                RuntimeStatus = OrchestrationRuntimeStatus.Completed,
                SerializedInput = JsonSerializer.Serialize(input, FinanceFlowJson.Options),
                DataConverter = new JsonDataConverter(FinanceFlowJson.Options),
            });
        _callbacks.Setup(c => c.SendAsync(It.IsAny<StatusCallback>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(CallbackDelivery.Delivered);
        _fisServices = _fis.Services();
        _expensifyServices = _expensify.Services();
    }

    [Fact]
    public async Task PayAsync_ConcurPaidInFull_SendsCompletelyPaidConfirmationAndRecordsThePayment()
    {
        await Posted("concur", ConcurReportId, 200m);
        _fis.With("POST", ConcurFisEmulator.PaymentConfirmationsPath, 200, ConcurFisPayloads.PaymentAnswerFor(DocumentId));

        var (status, _, body) = await PayAsync("concur", ConcurReportId, Body(200.00m));

        Assert.Equal(200, status);
        Assert.False(body.GetProperty("duplicate").GetBoolean());
        Assert.True(body.GetProperty("fullyPaid").GetBoolean());
        var sent = SentPayment();
        Assert.Equal((DocumentId, "CP"), (sent.GetProperty("docId").GetString(), sent.GetProperty("processingStatusCode").GetString()));
        var clearing = Assert.Single(sent.GetProperty("clearingDetails").EnumerateArray());
        Assert.Equal(
            ("2026-11-20T10:00:00.000Z", 200.00m, "USD"),
            (clearing.GetProperty("clearingDate").GetString(), clearing.GetProperty("clearingAmount").GetDecimal(), clearing.GetProperty("clearingCurrency").GetString()));
        Assert.Equal(("12345AB", "EMPLOYEE"), (clearing.GetProperty("receiver").GetProperty("receiverId").GetString(), clearing.GetProperty("receiver").GetProperty("receiverType").GetString()));
        var reference = clearing.GetProperty("clearingReference");
        Assert.Equal(
            (Reference, "E", "GL-000123", "2026"),
            (reference.GetProperty("paymentRef").GetString(), reference.GetProperty("paymentMethod").GetString(),
                reference.GetProperty("financialDocumentId").GetString(), reference.GetProperty("fiscalYear").GetString()));

        var row = await Row("concur", ConcurReportId);
        Assert.Equal((new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), 200m, Reference), (row.PaidAt, row.PaidAmount, row.PaymentReference));
        var audit = Assert.Single(await AuditRows("concur", ConcurReportId), r => r.Step == ReportPayments.Step);
        Assert.Equal(("Confirmed", "finance@contoso.example"), (audit.Outcome, audit.Actor));
        Assert.Contains("Concur took the payment confirmation", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PayAsync_ConcurPartPayment_SendsPartiallyPaid()
    {
        await Posted("concur", ConcurReportId, 200m);
        _fis.With("POST", ConcurFisEmulator.PaymentConfirmationsPath, 200, ConcurFisPayloads.PaymentAnswerFor(DocumentId));

        var (status, _, body) = await PayAsync("concur", ConcurReportId, Body(40m));

        Assert.Equal(200, status);
        Assert.False(body.GetProperty("fullyPaid").GetBoolean());
        Assert.Equal("PP", SentPayment().GetProperty("processingStatusCode").GetString());
        Assert.Equal(40m, (await Row("concur", ConcurReportId)).PaidAmount);
    }

    [Fact]
    public async Task PayAsync_ConcurAlreadyHasThePayment_CountsAsConfirmed()
    {
        await Posted("concur", ConcurReportId, 200m);
        _fis.With("POST", ConcurFisEmulator.PaymentConfirmationsPath, 200, ConcurFisPayloads.PaymentAlreadyConfirmedFor(DocumentId));

        var (status, _, _) = await PayAsync("concur", ConcurReportId, Body(200m));

        Assert.Equal(200, status);
        Assert.Equal(Reference, (await Row("concur", ConcurReportId)).PaymentReference);
    }

    [Fact]
    public async Task PayAsync_ConcurAnswers500_Answers503AndRecordsNothingAsPaid()
    {
        await Posted("concur", ConcurReportId, 200m);
        _fis.With("POST", ConcurFisEmulator.PaymentConfirmationsPath, 500, """{"message":"internal"}""");

        var (status, contentType, body) = await PayAsync("concur", ConcurReportId, Body(200m));

        Assert.Equal(503, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(Problems.TypeBase + "source-unavailable", body.GetProperty("type").GetString());
        var row = await Row("concur", ConcurReportId);
        Assert.Equal((null, null, null), (row.PaidAt, row.PaidAmount, row.PaymentReference));
        Assert.Equal("Failed", Assert.Single(await AuditRows("concur", ConcurReportId), r => r.Step == ReportPayments.Step).Outcome);
    }

    [Fact]
    public async Task PayAsync_ExpensifyPaidInFull_MarksTheReportReimbursed()
    {
        await Posted("expensify", ExpensifyReportId, 86.50m);
        _expensify.WithAnswer(200, ExpensifyEmulator.Reference("expensify-reportStatusUpdater-response-200.json"));

        var (status, _, _) = await PayAsync("expensify", ExpensifyReportId, Body(86.50m));

        Assert.Equal(200, status);
        var job = Assert.Single(_expensify.Received).Job;
        Assert.Equal(("update", "reportStatus", "REIMBURSED", ExpensifyReportId),
            ((string?)job["type"], (string?)job["inputSettings"]?["type"], (string?)job["inputSettings"]?["status"], (string?)job["inputSettings"]?["filters"]?["reportIDList"]));
        Assert.Equal(86.50m, (await Row("expensify", ExpensifyReportId)).PaidAmount);
    }

    [Fact]
    public async Task PayAsync_ExpensifyFailsTheReport_Answers503AndRecordsNothingAsPaid()
    {
        await Posted("expensify", "R002bGmt16ac", 86.50m);
        _expensify.WithAnswer(200, ExpensifyEmulator.Reference("expensify-reportStatusUpdater-response-207-partial.json"));

        var (status, _, body) = await PayAsync("expensify", "R002bGmt16ac", Body(86.50m));

        Assert.Equal(503, status);
        Assert.Contains("Internal error", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null((await Row("expensify", "R002bGmt16ac")).PaidAt);
        Assert.Contains(await AuditRows("expensify", "R002bGmt16ac"), r => r.Step == ReportPayments.Step && r.Outcome == "Failed");
    }

    [Fact]
    public async Task PayAsync_CanonicalWithCallbackUrl_SendsASignedPaidCallback()
    {
        await Posted("canonical", "R-1001", 120m);

        var (status, _, _) = await PayAsync("canonical", "R-1001", Body(120m));

        Assert.Equal(200, status);
        _callbacks.Verify(c => c.SendAsync(
            It.Is<StatusCallback>(cb => cb.Status == ReportOutcome.Paid && cb.Payment!.PaymentReference == Reference && cb.Payment.FullyPaid && cb.Payment.Amount == 120m),
            $"{InstanceId("canonical", "R-1001")}:paid:{Reference}",
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PayAsync_PaidThenSentAgain_PublishesOnePaidEventWithThePaymentAndAnAuditRow()
    {
        await Posted("canonical", "R-1001", 120m);

        await PayAsync("canonical", "R-1001", Body(120m));
        await PayAsync("canonical", "R-1001", Body(120m));

        var (destination, paid, json) = Assert.Single(_statusQueue.Published);
        Assert.Equal("expense-status", destination);
        Assert.Empty(StatusEventSchema.Validate(json));
        Assert.Equal((StatusEventTypes.Paid, $"{InstanceId("canonical", "R-1001")}:paid:{Reference}"), (paid.Type, paid.Id));
        Assert.Equal((120m, 120m, true), (paid.Data.Payment!.Amount, paid.Data.Payment.PaidAmount, paid.Data.Payment.FullyPaid));
        var row = Assert.Single(await AuditRows("canonical", "R-1001"), r => r.Step == StatusPublishing.Step);
        Assert.Equal(("Published", "finance@contoso.example"), (row.Outcome, row.Actor));
    }

    [Fact]
    public async Task PayAsync_SameReferenceAgain_AnswersDuplicateWithoutASecondPlatformCall()
    {
        await Posted("concur", ConcurReportId, 200m);
        _fis.With("POST", ConcurFisEmulator.PaymentConfirmationsPath, 200, ConcurFisPayloads.PaymentAnswerFor(DocumentId));
        await PayAsync("concur", ConcurReportId, Body(200m));

        var (status, _, body) = await PayAsync("concur", ConcurReportId, Body(200m));

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("duplicate").GetBoolean());
        Assert.Single(_fis.Received(ConcurFisEmulator.PaymentConfirmationsPath));
        Assert.Equal(200m, (await Row("concur", ConcurReportId)).PaidAmount);
    }

    [Fact]
    public async Task PayAsync_SameReferenceWithAnotherAmount_Answers409AndCallsNoPlatformAgain()
    {
        await Posted("concur", ConcurReportId, 200m);
        _fis.With("POST", ConcurFisEmulator.PaymentConfirmationsPath, 200, ConcurFisPayloads.PaymentAnswerFor(DocumentId));
        await PayAsync("concur", ConcurReportId, Body(40m));

        var (status, _, body) = await PayAsync("concur", ConcurReportId, Body(50m));

        Assert.Equal(409, status);
        Assert.Equal(Problems.TypeBase + "payment-reference-reused", body.GetProperty("type").GetString());
        Assert.Single(_fis.Received(ConcurFisEmulator.PaymentConfirmationsPath));
        Assert.Equal(40m, (await Row("concur", ConcurReportId)).PaidAmount);
    }

    [Fact]
    public async Task PayAsync_TwoPartPaymentsAtTheSameMoment_BothCountAndTheReportIsPaidInFull()
    {
        await Posted("canonical", "R-2001", 100m);

        var answers = await Task.WhenAll(
            PayAsync("canonical", "R-2001", Body(40m, "PAY-A")),
            PayAsync("canonical", "R-2001", Body(60m, "PAY-B")));

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal(100m, (await Row("canonical", "R-2001")).PaidAmount);
        var payments = await _payments.ListAsync(new ReportKey("canonical", "R-2001"), CancellationToken.None);
        Assert.Equal([("PAY-A", PaymentState.Confirmed), ("PAY-B", PaymentState.Confirmed)], payments.Select(p => (p.PaymentReference, p.State)).Order());
        Assert.Equal(2, (await AuditRows("canonical", "R-2001")).Count(r => r.Step == ReportPayments.Step && r.Outcome == "Confirmed"));
    }

    [Fact]
    public async Task PayAsync_TwoPaymentsAtOnceThatTogetherOverPay_OneIsRefused400AndTheSourceIsToldOnce()
    {
        await Posted("canonical", "R-2002", 100m);

        var answers = await Task.WhenAll(
            PayAsync("canonical", "R-2002", Body(60m, "PAY-A")),
            PayAsync("canonical", "R-2002", Body(60m, "PAY-B")));

        Assert.Equal([200, 400], answers.Select(a => a.Status).Order());
        Assert.Equal("/amount", answers.Single(a => a.Status == 400).Body.GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Equal(60m, (await Row("canonical", "R-2002")).PaidAmount);
        _callbacks.Verify(c => c.SendAsync(It.IsAny<StatusCallback>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PayAsync_SourceDownThenSentAgain_TheFirstReservationIsReleasedAndTheSecondIsRecorded()
    {
        await Posted("concur", ConcurReportId, 200m);
        _fis.With("POST", ConcurFisEmulator.PaymentConfirmationsPath, 500, """{"message":"internal"}""");
        var (down, _, _) = await PayAsync("concur", ConcurReportId, Body(200m));
        Assert.Empty(await _payments.ListAsync(new ReportKey("concur", ConcurReportId), CancellationToken.None));
        _fis.With("POST", ConcurFisEmulator.PaymentConfirmationsPath, 200, ConcurFisPayloads.PaymentAnswerFor(DocumentId));

        var (again, _, body) = await PayAsync("concur", ConcurReportId, Body(200m));

        Assert.Equal((503, 200), (down, again));
        Assert.True(body.GetProperty("fullyPaid").GetBoolean());
        Assert.Equal(200m, (await Row("concur", ConcurReportId)).PaidAmount);
    }

    [Fact]
    public async Task PayAsync_SamePaymentWhileAnotherRequestIsRecordingIt_Answers409InProgressAndTellsNoSource()
    {
        await Posted("canonical", "R-2003", 120m);
        var key = new ReportKey("canonical", "R-2003");
        await _payments.ReserveAsync(
            new PaymentRecord(key, Reference, 120m, "USD", ReportPaymentsFingerprint(Reference, 120m, "USD"), PaymentState.Pending, Now, null), 120m, 0m, CancellationToken.None);

        var (status, _, body) = await PayAsync("canonical", "R-2003", Body(120m));

        Assert.Equal(409, status);
        Assert.Equal(Problems.TypeBase + "payment-in-progress", body.GetProperty("type").GetString());
        _callbacks.Verify(c => c.SendAsync(It.IsAny<StatusCallback>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task PayAsync_ReportNotPosted_Answers409AndCallsNoPlatform()
    {
        await _statuses.UpsertAsync(Status("concur", ConcurReportId, 200m) with { Outcome = ReportOutcome.PostingFailed, ErpDocumentNumber = null }, CancellationToken.None);

        var (status, _, body) = await PayAsync("concur", ConcurReportId, Body(200m));

        Assert.Equal(409, status);
        Assert.Equal(Problems.TypeBase + "report-not-posted", body.GetProperty("type").GetString());
        Assert.Empty(_fis.Received(ConcurFisEmulator.PaymentConfirmationsPath));
    }

    [Fact]
    public async Task PayAsync_UnknownReport_Answers404()
    {
        var (status, _, _) = await PayAsync("concur", "nope", Body(1m));

        Assert.Equal(404, status);
    }

    [Theory]
    [InlineData("""{"paidAt":"2026-11-20T10:00:00Z","amount":200,"currency":"EUR","paymentReference":"P"}""", "/currency")]
    [InlineData("""{"paidAt":"2026-11-20T10:00:00Z","amount":200.01,"currency":"USD","paymentReference":"P"}""", "/amount")]
    [InlineData("""{"paidAt":"2026-11-20T10:00:00Z","amount":0,"currency":"USD","paymentReference":"P"}""", "/amount")]
    [InlineData("""{"paidAt":"2026-11-20T10:00:00Z","amount":1.005,"currency":"USD","paymentReference":"P"}""", "/amount")]
    [InlineData("""{"paidAt":"2026-11-20T10:00:00Z","amount":"lots","currency":"USD","paymentReference":"P"}""", "/amount")]
    [InlineData("""{"paidAt":"2026-11-20T10:00:00","amount":1,"currency":"USD","paymentReference":"P"}""", "/paidAt")]
    [InlineData("""{"paidAt":"2026-11-20T10:00:00Z","amount":1,"currency":"USD"}""", "/paymentReference")]
    [InlineData("""{"paidAt":"2026-11-20T10:00:00Z","amount":1,"currency":"USD","paymentReference":"P","paymentMethod":"X"}""", "/paymentMethod")]
    public async Task PayAsync_BadField_Answers400NamingTheFieldAndCallsNoPlatform(string json, string pointer)
    {
        await Posted("concur", ConcurReportId, 200m);

        var (status, contentType, body) = await PayAsync("concur", ConcurReportId, json);

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("pointer").GetString() == pointer);
        Assert.Empty(_fis.Received(ConcurFisEmulator.PaymentConfirmationsPath));
        Assert.Null((await Row("concur", ConcurReportId)).PaidAt);
    }

    [Fact]
    public async Task GetAsync_AfterAPayment_ShowsItOnTheReport()
    {
        await Posted("concur", ConcurReportId, 200m);
        _fis.With("POST", ConcurFisEmulator.PaymentConfirmationsPath, 200, ConcurFisPayloads.PaymentAnswerFor(DocumentId));
        await PayAsync("concur", ConcurReportId, Body(40m));

        var request = HttpTestContext.Request("");
        request.Method = "GET";
        var (status, _, view) = await HttpTestContext.RunAsync(
            RouteNames.GetReport, request, () => ReportEndpoints.GetAsync("concur", ConcurReportId, new ReportQuery(_statuses, _audit), _client.Object, CancellationToken.None));

        Assert.Equal(200, status);
        Assert.Equal((40m, Reference), (view.GetProperty("paidAmount").GetDecimal(), view.GetProperty("paymentReference").GetString()));
        Assert.Contains(view.GetProperty("audit").EnumerateArray(), a => a.GetProperty("step").GetString() == ReportPayments.Step);
    }

    public void Dispose()
    {
        _fisServices.Dispose();
        _expensifyServices.Dispose();
        _fis.Dispose();
        _expensify.Dispose();
    }

    private static string InstanceId(string source, string reportId) => new ReportKey(source, reportId).InstanceId(1);

    private static string Body(decimal amount, string paymentReference = Reference) =>
        JsonSerializer.Serialize(new { paidAt = "2026-11-20T10:00:00Z", amount, currency = "USD", paymentReference });

    private static string ReportPaymentsFingerprint(string reference, decimal amount, string currency) =>
        FinanceFlow.Core.Hashing.Sha256.Hex(string.Join('|', reference, amount.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture), currency));

    private static ReportStatusRecord Status(string source, string reportId, decimal total) => new(
        source, reportId, 1, InstanceId(source, reportId), ReportStage.Completed, ReportOutcome.Posted, "12345AB", "FirstName LastName", "USD", total,
        "GL-000123", null, [], Now, Now);

    private Task Posted(string source, string reportId, decimal total) => _statuses.UpsertAsync(Status(source, reportId, total), CancellationToken.None);

    private async Task<ReportStatusRecord> Row(string source, string reportId) =>
        await _statuses.GetAsync(new ReportKey(source, reportId), CancellationToken.None) ?? throw new InvalidOperationException("no row");

    private Task<IReadOnlyList<AuditRecord>> AuditRows(string source, string reportId) =>
        _audit.ReadAsync(new ReportKey(source, reportId), CancellationToken.None);

    private async Task<(int Status, string? ContentType, JsonElement Body)> PayAsync(string source, string reportId, string json)
    {
        var payments = new ReportPayments(
            _statuses,
            _payments,
            _audit,
            [
                new ConcurPayment(_fisServices.GetRequiredService<ConcurFisClient>(), _raw.Object, new StaticOptions<ConcurPostingOptions>(new())),
                new ExpensifyPayment(_expensifyServices.GetRequiredService<ExpensifyClient>()),
            ],
            new CallbackPayment(_callbacks.Object, new FixedTime(Now)),
            new StatusPublishing(
                [_statusQueue],
                new StaticOptions<FinanceFlowOptions>(new() { StatusFanOut = new() { Targets = [new() { Kind = StatusTargetKind.StorageQueue }] } }),
                new StepAudit(_audit, new FixedTime(Now)),
                new FixedTime(Now),
                NullLogger<StatusPublishing>.Instance),
            new FixedTime(Now),
            NullLogger<ReportPayments>.Instance);
        var request = HttpTestContext.Request(json, caller: "finance@contoso.example");
        return await HttpTestContext.RunAsync(RouteNames.PayReport, request, () => ReportEndpoints.PayAsync(request, source, reportId, payments, _client.Object, CancellationToken.None));
    }

    private JsonElement SentPayment()
    {
        var request = Assert.Single(_fis.Received(ConcurFisEmulator.PaymentConfirmationsPath));
        using var body = JsonDocument.Parse(request.RequestMessage.Body!);
        return Assert.Single(body.RootElement.GetProperty("processingConfirmation").EnumerateArray()).Clone();
    }
}
