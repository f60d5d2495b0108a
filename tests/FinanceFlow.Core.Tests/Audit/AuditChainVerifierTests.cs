using FinanceFlow.Core.Audit;

namespace FinanceFlow.Core.Tests.Audit;

public sealed class AuditChainVerifierTests
{
    private const string Partition = "concur|R-1";
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Verify_RowsChainedInOrder_IsIntactWithTheLastHash()
    {
        var rows = Chain(5);

        var result = AuditChainVerifier.Verify(Partition, Shuffled(rows));

        Assert.True(result.Intact, result.Summary);
        Assert.Equal((5, 0, 5L, rows[^1].Hash), (result.ChainedRows, result.UnchainedRows, result.LastSequence, result.LastHash));
        Assert.Equal("intact, 5 rows", result.Summary);
    }

    [Fact]
    public void Verify_DetailChangedInPlace_ReportsThatRowAsChanged()
    {
        var rows = Chain(5);
        rows[2] = rows[2] with { Content = rows[2].Content with { Detail = "amount 1.00 USD" } };

        var result = AuditChainVerifier.Verify(Partition, rows);

        Assert.False(result.Intact);
        var found = Assert.IsType<AuditChainBreak>(result.FirstBreak);
        Assert.Equal((AuditBreakKind.Changed, 3L, rows[2].RowKey, rows[2].Hash), (found.Kind, found.Sequence, found.RowKey, found.Expected));
        Assert.NotEqual(found.Expected, found.Found);
    }

    [Fact]
    public void Verify_RowRewrittenWithItsHashMadeAgain_ReportsThatRowAsChanged()
    {
        var rows = Chain(5);
        var content = rows[1].Content with { Outcome = "Failed" };
        rows[1] = rows[1] with { Content = content, Hash = AuditChain.Hash(Partition, 2, rows[1].PreviousHash!, content) };

        var result = AuditChainVerifier.Verify(Partition, rows);

        var found = Assert.IsType<AuditChainBreak>(result.FirstBreak);
        Assert.Equal((AuditBreakKind.Changed, 2L, rows[2].PreviousHash, rows[1].Hash), (found.Kind, found.Sequence, found.Expected, found.Found));
    }

    [Fact]
    public void Verify_MiddleRowRemoved_ReportsItsSequenceAsDeleted()
    {
        var rows = Chain(5);
        var removed = rows[2];
        rows.RemoveAt(2);

        var result = AuditChainVerifier.Verify(Partition, rows);

        var found = Assert.IsType<AuditChainBreak>(result.FirstBreak);
        Assert.Equal((AuditBreakKind.Deleted, 3L, removed.Hash, rows[1].Hash), (found.Kind, found.Sequence, found.Expected, found.Found));
        Assert.Contains("row 3 is missing", found.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TwoRowsContentsSwapped_ReportsReordered()
    {
        var rows = Chain(5);
        (rows[1], rows[2]) = (rows[2] with { RowKey = rows[1].RowKey, KeySequence = 2 }, rows[1] with { RowKey = rows[2].RowKey, KeySequence = 3 });

        var result = AuditChainVerifier.Verify(Partition, rows);

        var found = Assert.IsType<AuditChainBreak>(result.FirstBreak);
        Assert.Equal((AuditBreakKind.Reordered, 2L), (found.Kind, found.Sequence));
    }

    [Fact]
    public void Verify_RowCopiedFromAnotherReport_DoesNotFitThisChain()
    {
        var rows = Chain(3);

        var result = AuditChainVerifier.Verify("concur|R-2", rows);

        Assert.Equal(AuditBreakKind.Changed, result.FirstBreak?.Kind);
        Assert.Equal(1, result.FirstBreak?.Sequence);
    }

    [Fact]
    public void Verify_RowsWrittenBeforeTheChain_AreCountedNotABreak()
    {
        var rows = Chain(3);
        rows.Add(Unchained("0638000000000000000-a", Start.AddDays(-1)));
        rows.Add(Unchained("0638000000000000001-b", Start.AddDays(-1).AddMinutes(1)));

        var result = AuditChainVerifier.Verify(Partition, rows);

        Assert.True(result.Intact, result.Summary);
        Assert.Equal((3, 2), (result.ChainedRows, result.UnchainedRows));
        Assert.StartsWith("intact, 3 rows; 2 unchained rows written before 2026-12-01T09:01:00", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RowWithoutALinkWrittenAfterTheChainBegan_ReportsInserted()
    {
        var rows = Chain(3);
        rows.Add(Unchained("0639000000000000000-x", Start.AddMinutes(1).AddSeconds(30)));

        var result = AuditChainVerifier.Verify(Partition, rows);

        var found = Assert.IsType<AuditChainBreak>(result.FirstBreak);
        Assert.Equal((AuditBreakKind.Inserted, null, "0639000000000000000-x"), (found.Kind, found.Sequence, found.RowKey));
    }

    [Fact]
    public void Hash_NullAndEmptyDetail_AndAFieldBoundaryMoved_GiveDifferentHashes()
    {
        var content = Content(1) with { Step = "ab", Outcome = "c" };

        var hashes = new[]
        {
            AuditChain.Hash(Partition, 1, AuditChain.Genesis, content),
            AuditChain.Hash(Partition, 1, AuditChain.Genesis, content with { Detail = string.Empty }),
            AuditChain.Hash(Partition, 1, AuditChain.Genesis, content with { Step = "a", Outcome = "bc" }),
        };

        Assert.Equal(3, hashes.Distinct().Count());
        Assert.All(hashes, h => Assert.Matches("^[0-9a-f]{64}$", h));
    }

    private static List<AuditChainRow> Chain(int count)
    {
        var rows = new List<AuditChainRow>();
        var previous = AuditChain.Genesis;
        for (var sequence = 1L; sequence <= count; sequence++)
        {
            var content = Content(sequence);
            var hash = AuditChain.Hash(Partition, sequence, previous, content);
            rows.Add(new AuditChainRow($"c{sequence}", Start.AddMinutes(sequence), sequence, sequence, previous, hash, content));
            previous = hash;
        }

        return rows;
    }

    private static AuditContent Content(long sequence) =>
        new(Start.AddMinutes(sequence), 1, "Step" + sequence, "Passed", "system", "corr-1", new string('a', 64), null, "concur", "R-1");

    private static AuditChainRow Unchained(string rowKey, DateTimeOffset writtenAt) =>
        new(rowKey, writtenAt, null, null, null, null, Content(0) with { At = writtenAt });

    private static List<AuditChainRow> Shuffled(List<AuditChainRow> rows) => [.. rows.OrderBy(r => r.Hash, StringComparer.Ordinal)];
}
