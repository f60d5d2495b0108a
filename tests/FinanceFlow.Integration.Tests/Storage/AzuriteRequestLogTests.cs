using FinanceFlow.Testing;

namespace FinanceFlow.Integration.Tests.Storage;

/// <summary>
/// The storage-request counter (tests/FinanceFlow.Benchmarks storage-requests) reads Azurite's debug log; these lines were captured from
/// Azurite 3.37.0 during a counter run (start-up lines, an empty and a full dequeue, a blob upload made inside a webhook request, a
/// 404 read, a delete, a History batch of four entities, and a request the log ends in). If a new Azurite writes its log differently,
/// capture new lines and see these fail first. No Azurite is started: no Integration trait.
/// </summary>
public sealed class AzuriteRequestLogTests
{
    private static readonly IReadOnlyList<StorageRequest> Requests =
        AzuriteRequestLog.Read(Path.Combine(AppContext.BaseDirectory, "Storage", "azurite-debug-3.37.0.log"));

    [Fact]
    public void Parse_CapturedLog_OneRequestPerRequestLineWithServiceVerbOperationResourceAndStatus()
    {
        // Arrange
        (StorageService, string, string, string, int)[] expected =
        [
            (StorageService.Queue, "GET", "Messages_Dequeue", "counter-workitems", 200),
            (StorageService.Blob, "PUT", "BlockBlob_Upload", "raw", 201),
            (StorageService.Table, "GET", "Table_QueryEntitiesWithPartitionAndRowKey", "ReportStatus", 404),
            (StorageService.Queue, "GET", "Messages_Dequeue", "counter-workitems", 200),
            (StorageService.Queue, "DELETE", "MessageId_Delete", "counter-control-02", 204),
            (StorageService.Table, "POST", "Table_Batch", "counterHistory", 202),

            // The log ends before this one's answer: counted, with no status.
            (StorageService.Table, "POST", "Table_InsertEntity", "AuditTrail", 0),
        ];

        // Act
        var read = Requests.Select(r => (r.Service, r.Method, r.Operation, r.Resource, r.Status)).ToArray();

        // Assert
        Assert.Equal(expected, read);
    }

    [Fact]
    public void Parse_CapturedLog_CountsMessagesEachDequeueReturnedAndEntitiesOfTheBatch()
    {
        // Act
        var items = Requests.Select(r => r.Items).ToArray();

        // Assert: the first dequeue found the queue empty, the second took one message; the batch wrote four History rows
        // (three events put, the sentinel row patched).
        Assert.Equal([0, 0, 0, 1, 0, 4, 0], items);
    }

    [Fact]
    public void Parse_CapturedLog_TakesTheTraceIdTheCallerSentAndAzuritesTime()
    {
        // Act
        var traced = Requests.Where(r => r.TraceId is not null).ToList();

        // Assert: the raw payload kept and the status row looked up inside the webhook request that carried this trace; the
        // engine's own requests carry none.
        Assert.Equal([Requests[1], Requests[2]], traced);
        Assert.All(traced, r => Assert.Equal("74bd27de0d84fe5c194b1ea9b4a05e44", r.TraceId));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 23, 20, 13, 188, TimeSpan.Zero), Requests[1].At);
    }

    [Fact]
    public void Parse_LinesOfOtherRequestsInBetween_EachLineGoesToItsOwnRequest()
    {
        // Arrange: Azurite serves requests concurrently, so their lines interleave; here the first two requests' lines alternate.
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Storage", "azurite-debug-3.37.0.log"));
        var first = lines.Where(l => l.Contains(" 344a5488-", StringComparison.Ordinal)).ToList();
        var second = lines.Where(l => l.Contains(" af6543f3-", StringComparison.Ordinal)).ToList();
        var interleaved = Enumerable.Range(0, Math.Max(first.Count, second.Count))
            .SelectMany(i => new[] { i < second.Count ? second[i] : null, i < first.Count ? first[i] : null })
            .OfType<string>();

        // Act
        var read = AzuriteRequestLog.Parse(interleaved);

        // Assert: ordered by Azurite's time, each with its own operation and answer.
        Assert.Equal(
            [("Messages_Dequeue", "counter-workitems", 200), ("BlockBlob_Upload", "raw", 201)],
            read.Select(r => (r.Operation, r.Resource, r.Status)).ToArray());
    }
}
