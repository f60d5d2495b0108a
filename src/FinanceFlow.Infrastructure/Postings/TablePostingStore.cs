using Azure;
using Azure.Data.Tables;
using FinanceFlow.Infrastructure.Provisioning;

namespace FinanceFlow.Infrastructure.Postings;

/// <summary>The posting intent log in Table <c>Postings</c>: one row per external reference, claimed with optimistic concurrency.</summary>
public sealed class TablePostingStore(TableServiceClient tables, TimeProvider timeProvider) : IPostingStore
{
    public const string TableName = "Postings";
    private const int MaxAttempts = 10;

    public async Task<PostingRecord?> GetAsync(string externalReference, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var row = await ReadAsync(table, externalReference, cancellationToken);
        return row is null ? null : PostingEntity.ToRecord(row);
    }

    public async Task<PostingClaim> ClaimAsync(
        string externalReference, string entryHash, string erp, PostingTarget target, string instanceId, TimeSpan lease, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = timeProvider.GetUtcNow();
            var row = await ReadAsync(table, externalReference, cancellationToken);
            if (row is null)
            {
                var fresh = new PostingRecord(externalReference, PostingState.Intent, entryHash, erp, instanceId, null, now, null, now + lease, target);
                try
                {
                    await table.AddEntityAsync(PostingEntity.ToEntity(fresh), cancellationToken);
                    return new PostingClaim(ClaimOutcome.Claimed, fresh);
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    // Someone wrote the row between our read and our add: look at what they wrote.
                    continue;
                }
            }

            var existing = PostingEntity.ToRecord(row);
            if (existing.State == PostingState.Posted)
            {
                return new PostingClaim(ClaimOutcome.AlreadyPosted, existing);
            }

            // A live lease held by the same orchestration instance is its own earlier attempt, which Durable
            // only retries after that attempt ended: settle it now instead of waiting for the lease to lapse.
            if (existing.LeaseUntil > now && !string.Equals(existing.InstanceId, instanceId, StringComparison.Ordinal))
            {
                return new PostingClaim(ClaimOutcome.HeldByAnother, existing);
            }

            var takeover = existing with { EntryHash = entryHash, Erp = erp, InstanceId = instanceId, LeaseUntil = now + lease, Target = target };
            try
            {
                await table.UpdateEntityAsync(PostingEntity.ToEntity(takeover), row.ETag, TableUpdateMode.Replace, cancellationToken);
                return new PostingClaim(ClaimOutcome.ClaimedInDoubt, takeover);
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Another worker took over the expired lease first.
                var winner = await ReadAsync(table, externalReference, cancellationToken);
                return winner is null
                    ? new PostingClaim(ClaimOutcome.HeldByAnother, takeover)
                    : new PostingClaim(
                        PostingEntity.ToRecord(winner).State == PostingState.Posted ? ClaimOutcome.AlreadyPosted : ClaimOutcome.HeldByAnother,
                        PostingEntity.ToRecord(winner));
            }
        }

        throw new InvalidOperationException($"Posting {externalReference} kept changing under {MaxAttempts} attempts to claim it.");
    }

    public async Task<PostingRecord> MarkPostedAsync(string externalReference, string documentNumber, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = timeProvider.GetUtcNow();
            var row = await ReadAsync(table, externalReference, cancellationToken);
            try
            {
                if (row is null)
                {
                    // The ERP holds it even though no intent row survived: record the fact rather than lose it.
                    var found = new PostingRecord(externalReference, PostingState.Posted, string.Empty, string.Empty, string.Empty, documentNumber, now, now, now);
                    await table.AddEntityAsync(PostingEntity.ToEntity(found), cancellationToken);
                    return found;
                }

                var existing = PostingEntity.ToRecord(row);
                if (existing.State == PostingState.Posted)
                {
                    return existing;
                }

                var posted = existing with { State = PostingState.Posted, DocumentNumber = documentNumber, PostedAt = now };
                await table.UpdateEntityAsync(PostingEntity.ToEntity(posted), row.ETag, TableUpdateMode.Replace, cancellationToken);
                return posted;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
            }
        }

        throw new InvalidOperationException($"Posting {externalReference} kept changing under {MaxAttempts} attempts to mark it posted.");
    }

    public async Task<IReadOnlyList<PostingRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var records = new List<PostingRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.RowKey == PostingEntity.RowKey, cancellationToken: cancellationToken))
        {
            records.Add(PostingEntity.ToRecord(row));
        }

        return records;
    }

    private static async Task<TableEntity?> ReadAsync(TableClient table, string externalReference, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(
            PostingEntity.PartitionKey(externalReference), PostingEntity.RowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }
}
