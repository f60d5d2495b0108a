using System.Text.Json.Nodes;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Emulators.Concur;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.ConcurFis.Tests;

public sealed class ConcurFisClientConfirmationTests : IDisposable
{
    private const string AcknowledgementsPath = ConcurFisEmulator.AcknowledgementsPath;
    private const string PostingPath = ConcurFisEmulator.PostingConfirmationsPath;
    private const string PaymentPath = ConcurFisEmulator.PaymentConfirmationsPath;

    private readonly ConcurFisEmulator _server = new ConcurFisEmulator().WithTokens();

    [Fact]
    public async Task AcknowledgeAsync_Success_AcknowledgedWithTheGuidesBody()
    {
        // Arrange
        _server.With("POST", AcknowledgementsPath, 200, ConcurFisPayloads.Fis("concur-fis-v4-acknowledgements-response.json"));
        using var services = _server.Services();

        // Act
        var result = await Client(services).AcknowledgeAsync("expense", "5ab9224e02e840148e7cd7d9e8e72968");

        // Assert
        Assert.Equal(ConcurAcknowledgement.Acknowledged, result);
        var body = JsonNode.Parse(Assert.Single(_server.Received(AcknowledgementsPath)).RequestMessage.Body!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"ids":["5ab9224e02e840148e7cd7d9e8e72968"]}"""), body), body?.ToJsonString());
    }

    [Fact]
    public async Task AcknowledgeAsync_Failure101_IsADuplicateNotAnError()
    {
        // Arrange
        _server.With("POST", AcknowledgementsPath, 200, ConcurFisPayloads.Fis("concur-fis-v4-acknowledgements-response.json"));
        using var services = _server.Services();

        // Act
        var result = await Client(services).AcknowledgeAsync("expense", "2ac9224e02e840148e7cd7d9e8e12345");

        // Assert
        Assert.Equal(ConcurAcknowledgement.AlreadyAcknowledged, result);
    }

    [Fact]
    public async Task AcknowledgeAsync_Recalled102_ThrowsWithConcursCodeAndMessage()
    {
        // Arrange
        _server.With("POST", AcknowledgementsPath, 200,
            """[{"code":102,"docId":"D1","systemId":null,"acknowledgeResult":"FAILURE","errorMessage":"This document has been recalled."}]""");
        using var services = _server.Services();

        // Act
        var ex = await Assert.ThrowsAsync<ConcurFisException>(() => Client(services).AcknowledgeAsync("expense", "D1"));

        // Assert
        Assert.Equal(102, ex.ServiceCode);
        Assert.Contains("This document has been recalled.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcknowledgeAsync_SystemIdConfigured_SendsIt()
    {
        // Arrange
        _server.With("POST", AcknowledgementsPath, 200, ConcurFisPayloads.Fis("concur-fis-v4-acknowledgements-response.json"));
        using var services = _server.Services(new Dictionary<string, string?> { [$"{ConcurFisOptions.SectionName}:SystemId"] = "FINANCEFLOW" });

        // Act
        await Client(services).AcknowledgeAsync("expense", "5ab9224e02e840148e7cd7d9e8e72968");

        // Assert
        var body = JsonNode.Parse(Assert.Single(_server.Received(AcknowledgementsPath)).RequestMessage.Body!);
        Assert.Equal("FINANCEFLOW", (string?)body?["systemId"]);
    }

    [Fact]
    public async Task ConfirmPostingAsync_Success_SendsTheReferenceShapeAndMapsItsAnswer()
    {
        // Arrange: the reference answer says 3331… does not exist (116).
        _server.With("POST", PostingPath, 200, ConcurFisPayloads.Fis("concur-fis-v4-postingconfirmations-response.json"));
        using var services = _server.Services();
        var confirmation = ConcurPostingConfirmation.Success(
            "3331dbeb8e2240ffad7ab5b69492722a",
            new ConcurPostingDocument("0100", "0123456", 2018, new DateOnly(2018, 3, 2)),
            new ConcurPostingDocument("0800", "0123478", 2018, new DateOnly(2018, 3, 2)));

        // Act
        var result = await Client(services).ConfirmPostingAsync("expense", confirmation);

        // Assert
        AssertBodyIsReferenceItem(PostingPath, "concur-fis-v4-postingconfirmations-request.json", "postingConfirmations", 1);
        Assert.Equal(ConcurConfirmationOutcome.DocumentNotFound, result.Outcome);
        Assert.Equal(116, result.Code);
        Assert.Equal("FAILURE", result.Result);
        Assert.Equal("This document does not exist.", result.Message);
        Assert.False(result.IsConfirmed);
    }

    [Fact]
    public async Task ConfirmPostingAsync_Error_SendsTheReferenceShapeAndIsConfirmed()
    {
        // Arrange
        _server.With("POST", PostingPath, 200, ConcurFisPayloads.Fis("concur-fis-v4-postingconfirmations-response.json"));
        using var services = _server.Services();
        var confirmation = ConcurPostingConfirmation.Error(
            "0c06ab044834454d91f83cbd7b6431d2",
            new ConcurSystemMessage("010-CTE-POSTING", "Expense Report {ReportKey} of system CONCUR could not be posted."),
            new ConcurSystemMessage("003-CC", "Profit centre /company code assignment is not correct. Check the entry."));

        // Act
        var result = await Client(services).ConfirmPostingAsync("expense", confirmation);

        // Assert
        AssertBodyIsReferenceItem(PostingPath, "concur-fis-v4-postingconfirmations-request.json", "postingConfirmations", 0);
        Assert.Equal(ConcurConfirmationOutcome.Confirmed, result.Outcome);
        Assert.Equal("0c06ab044834454d91f83cbd7b6431d2", result.DocumentId);
        Assert.True(result.IsConfirmed);
    }

    [Theory]
    [InlineData(111, "NOT_YET_ACKNOWLEDGED", ConcurConfirmationOutcome.NotAcknowledged)]
    [InlineData(113, "FAILURE", ConcurConfirmationOutcome.AlreadyConfirmed)]
    [InlineData(112, "WAS_RECALLED", ConcurConfirmationOutcome.Recalled)]
    [InlineData(99, "FAILURE", ConcurConfirmationOutcome.Rejected)]
    public async Task ConfirmPostingAsync_ServiceCode_MapsToOutcome(int code, string word, ConcurConfirmationOutcome expected)
    {
        // Arrange
        _server.With("POST", PostingPath, 200, $$"""[{"code":{{code}},"docId":"D1","systemId":"","postingConfirmationResult":"{{word}}","errorMessage":"m","detailMessage":""}]""");
        using var services = _server.Services();

        // Act
        var result = await Client(services).ConfirmPostingAsync("expense", ConcurPostingConfirmation.Success("D1", new ConcurPostingDocument("US01", "1", 2026, new DateOnly(2026, 11, 26))));

        // Assert
        Assert.Equal(expected, result.Outcome);
        Assert.Equal(code, result.Code);
    }

    [Fact]
    public async Task ConfirmPostingAsync_Code199_ThrowsTransient()
    {
        // Arrange
        _server.With("POST", PostingPath, 200, """[{"code":199,"docId":"D1","postingConfirmationResult":"SYSTEM_ERROR_OCCURRED","errorMessage":"Unknown error, please try again later."}]""");
        using var services = _server.Services();

        // Act
        var ex = await Assert.ThrowsAsync<ConcurUnavailableException>(
            () => Client(services).ConfirmPostingAsync("expense", ConcurPostingConfirmation.Error("D1", new ConcurSystemMessage("E1", "failed"))));

        // Assert
        Assert.Contains("try again later", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfirmPaymentAsync_CompletelyPaid_SendsTheReferenceShapeAndMapsSuccess()
    {
        // Arrange
        _server.With("POST", PaymentPath, 200, ConcurFisPayloads.PaymentAnswer());
        using var services = _server.Services();
        var confirmation = new ConcurPaymentConfirmation(
            "0c06ab044834454d91f83cbd7b6431d2",
            ConcurPaymentStatus.CompletelyPaid,
            [
                new ConcurClearingDetail(
                    new DateTimeOffset(2019, 2, 6, 12, 0, 0, 270, TimeSpan.Zero), 220.00m, "USD",
                    new ConcurPaymentReceiver("22344", "Charles"),
                    new ConcurClearingReference("US01", "667799", "2019", "US01/667799/2019/2", "E")),
            ]);

        // Act
        var result = await Client(services).ConfirmPaymentAsync("expense", confirmation);

        // Assert
        AssertBodyIsReferenceItem(PaymentPath, "concur-fis-v4-paymentconfirmations-request.json", "processingConfirmation", 0);
        Assert.Equal(ConcurConfirmationOutcome.Confirmed, result.Outcome);
        Assert.Equal("US01/667799/2019/2", result.PaymentRef);
    }

    [Fact]
    public async Task ConfirmPaymentAsync_ReversalAnswered298_SendsAdditionalMessageAndIsRejected()
    {
        // Arrange: 1d20… is answered 298 NOOP "already exist" in the guide's sample, but its service-code table says 298 is an
        // invalid payment request that will not work again (213 is the duplicate); the table wins, the request carries item 3's reversal shape.
        _server.With("POST", PaymentPath, 200, ConcurFisPayloads.PaymentAnswer());
        using var services = _server.Services();
        var confirmation = new ConcurPaymentConfirmation(
            "1d20c06ab0445d7b64348344d91f83cb",
            ConcurPaymentStatus.Reversal,
            [
                new ConcurClearingDetail(
                    new DateTimeOffset(2019, 2, 6, 12, 0, 0, 270, TimeSpan.Zero), 10.00m, "USD",
                    new ConcurPaymentReceiver("57", "Peter"),
                    new ConcurClearingReference("US01", "5498", "2019", "US01/5498/2019/2", "E")),
            ],
            "This report was sent to wrong system");

        // Act
        var result = await Client(services).ConfirmPaymentAsync("expense", confirmation);

        // Assert
        var sent = JsonNode.Parse(Assert.Single(_server.Received(PaymentPath)).RequestMessage.Body!)!["processingConfirmation"]![0]!;
        var reference = JsonNode.Parse(ConcurFisPayloads.Fis("concur-fis-v4-paymentconfirmations-request.json"))!["processingConfirmation"]![3]!.DeepClone();
        reference["docId"] = "1d20c06ab0445d7b64348344d91f83cb";
        reference["clearingDetails"]![0]!["clearingDate"] = "2019-02-06T12:00:00.270Z";
        Assert.True(JsonNode.DeepEquals(reference, sent), sent.ToJsonString());
        Assert.Equal(ConcurConfirmationOutcome.Rejected, result.Outcome);
        Assert.Equal(298, result.Code);
        Assert.False(result.IsConfirmed);
    }

    [Theory]
    [InlineData(213, "FAILURE", ConcurConfirmationOutcome.AlreadyConfirmed)]
    [InlineData(213, "NOOP", ConcurConfirmationOutcome.AlreadyConfirmed)]
    [InlineData(298, "FAILURE", ConcurConfirmationOutcome.Rejected)]
    [InlineData(298, "NOOP", ConcurConfirmationOutcome.Rejected)]
    [InlineData(116, "FAILURE", ConcurConfirmationOutcome.DocumentNotFound)]
    public async Task ConfirmPaymentAsync_ServiceCode_MapsToOutcomeOfTheCodeTable(int code, string word, ConcurConfirmationOutcome expected)
    {
        // Arrange: 213 "payment confirmation has been posted" is a duplicate; 298 "invalid payment request" is a refusal.
        _server.With("POST", PaymentPath, 200, $$"""[{"code":{{code}},"docId":"D1","systemId":"","paymentConfirmationResult":"{{word}}","errorMessage":"m","paymentRef":"P1","detailMessage":""}]""");
        using var services = _server.Services();

        // Act
        var result = await Client(services).ConfirmPaymentAsync("expense", new ConcurPaymentConfirmation("D1", ConcurPaymentStatus.Obsolete, [], "Not required anymore"));

        // Assert
        Assert.Equal(expected, result.Outcome);
        Assert.Equal(code == 213, result.IsConfirmed);
    }

    [Fact]
    public async Task ConfirmPaymentAsync_AnswerAsPublished_ReportsUnreadableJson()
    {
        // Arrange: the guide's payment answer misses a comma between its third and fourth objects.
        _server.With("POST", PaymentPath, 200, ConcurFisPayloads.Fis("concur-fis-v4-paymentconfirmations-response.json"));
        using var services = _server.Services();
        var confirmation = new ConcurPaymentConfirmation("0c06ab044834454d91f83cbd7b6431d2", ConcurPaymentStatus.Obsolete, [], "Not required anymore");

        // Act
        var ex = await Assert.ThrowsAsync<ConcurFisException>(() => Client(services).ConfirmPaymentAsync("expense", confirmation));

        // Assert
        Assert.Contains("not readable JSON", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, 0, "2026-11-20T10:00:00.000Z")]
    [InlineData(1_234_567L, 0, "2026-11-20T10:00:00.123Z")]
    [InlineData(9_999_999L, 0, "2026-11-20T10:00:00.999Z")]
    [InlineData(2_700_000L, 2, "2026-11-20T08:00:00.270Z")]
    public async Task ConfirmPaymentAsync_ClearingDateWithAnyFraction_SendsExactlyMillisecondsInUtc(long fractionTicks, int offsetHours, string expected)
    {
        // Arrange: the guide accepts yyyy-MM-dd'T'HH:mm:ss.SSS'Z' (or yyyyMMdd) only.
        _server.With("POST", PaymentPath, 200, ConcurFisPayloads.PaymentAnswerFor("D1"));
        using var services = _server.Services();
        var clearedAt = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(offsetHours)).AddTicks(fractionTicks);
        var confirmation = new ConcurPaymentConfirmation("D1", ConcurPaymentStatus.CompletelyPaid,
        [
            new ConcurClearingDetail(clearedAt, 200m, "USD", new ConcurPaymentReceiver("57", "Peter"),
                new ConcurClearingReference("US01", "5498", "2026", "US01/5498/2026/2", "E")),
        ]);

        // Act
        await Client(services).ConfirmPaymentAsync("expense", confirmation);

        // Assert
        var sent = JsonNode.Parse(Assert.Single(_server.Received(PaymentPath)).RequestMessage.Body!)!;
        Assert.Equal(expected, (string?)sent["processingConfirmation"]![0]!["clearingDetails"]![0]!["clearingDate"]);
    }

    public void Dispose() => _server.Dispose();

    private static ConcurFisClient Client(IServiceProvider services) => services.GetRequiredService<ConcurFisClient>();

    private void AssertBodyIsReferenceItem(string path, string referenceFile, string arrayName, int index)
    {
        var sent = JsonNode.Parse(Assert.Single(_server.Received(path)).RequestMessage.Body!);
        var reference = JsonNode.Parse(ConcurFisPayloads.Fis(referenceFile))!;
        var expected = new JsonObject
        {
            ["systemId"] = reference["systemId"]!.DeepClone(),
            [arrayName] = new JsonArray(reference[arrayName]![index]!.DeepClone()),
        };

        // The sample's clearingDate ".27Z" is not a format the guide accepts: exactly ".SSS" goes out.
        foreach (var detail in expected[arrayName]![0]!["clearingDetails"]?.AsArray() ?? [])
        {
            detail!["clearingDate"] = "2019-02-06T12:00:00.270Z";
        }

        Assert.True(JsonNode.DeepEquals(expected, sent), sent?.ToJsonString());
    }
}
