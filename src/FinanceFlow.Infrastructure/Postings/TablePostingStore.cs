using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using FinanceFlow.Infrastructure.Provisioning;

namespace FinanceFlow.Infrastructure.Postings;

/// <summary>
/// The posting intent log in Table <c>Postings</c>: one row per external reference, claimed with optimistic concurrency (ETag) and
/// fenced by a generation every claim raises, so only the latest claimant can send or record. A row this process wrote last is
/// remembered with its ETag: the next change of it is one conditional write, no read (a 412 says someone else wrote it since, and
/// the row is read as before); a new reference is added without reading first (a 409 says it exists).
/// </summary>
public sealed class TablePostingStore(TableServiceClient tables, TimeProvider timeProvider) : IPostingStore
{
    public const string TableName = "Postings";
    private const int MaxAttempts = 10;
    private const int MaxRememberedRows = 10_000;

    // The row of each reference as this process last wrote it, with the ETag the write returned.
    private readonly ConcurrentDictionary<string, (PostingRecord Record, ETag ETag)> _written = new(StringComparer.Ordinal);

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
        var unread = !_written.ContainsKey(externalReference);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = timeProvider.GetUtcNow();

            // A reference this process never wrote is most often new: add it, and read only when it exists.
            var row = unread ? null : await ReadAsync(table, externalReference, cancellationToken);
            unread = false;
            if (row is null)
            {
                var fresh = new PostingRecord(externalReference, PostingState.Intent, entryHash, erp, instanceId, null, now, null, now + lease, target, Generation: 1);
                try
                {
                    var added = await table.AddEntityAsync(PostingEntity.ToEntity(fresh), cancellationToken);
                    Remember(fresh, added.Headers.ETag);
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

            // A live lease of the same orchestration instance is its own earlier attempt, which Durable only retries after that
            // attempt ended: take it over at once, unless that attempt may still be sending (it died mid-send, or is still running).
            var ownEarlierAttempt = string.Equals(existing.InstanceId, instanceId, StringComparison.Ordinal) && existing.State != PostingState.Sending;
            if (existing.LeaseUntil > now && !ownEarlierAttempt)
            {
                return new PostingClaim(ClaimOutcome.HeldByAnother, existing);
            }

            var takeover = existing with
            {
                EntryHash = entryHash,
                Erp = erp,
                InstanceId = instanceId,
                LeaseUntil = now + lease,
                Target = target,
                Generation = existing.Generation + 1,
            };
            try
            {
                var updated = await table.UpdateEntityAsync(PostingEntity.ToEntity(takeover), row.ETag, TableUpdateMode.Replace, cancellationToken);
                Remember(takeover, updated.Headers.ETag);

                // Only an intent of a fenced attempt (generation > 0) certainly sent nothing; rows older than the fence may have.
                var certainlyNotSent = existing.State == PostingState.Intent && existing.Generation > 0;
                return new PostingClaim(certainlyNotSent ? ClaimOutcome.Claimed : ClaimOutcome.ClaimedInDoubt, takeover);
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

    public Task<PostingRecord> MarkSendingAsync(string externalReference, long generation, TimeSpan lease, CancellationToken cancellationToken) =>
        FencedUpdateAsync(externalReference, generation, (existing, now) => existing with { State = PostingState.Sending, LeaseUntil = now + lease, Detail = null }, cancellationToken);

    public Task<PostingRecord> SettleAsync(
        string externalReference, long generation, PostingState state, string? documentNumber, string? detail, CancellationToken cancellationToken) =>
        FencedUpdateAsync(
            externalReference,
            generation,
            (existing, now) => existing with
            {
                State = state,
                DocumentNumber = documentNumber,
                PostedAt = state == PostingState.Posted ? now : existing.PostedAt,
                LeaseUntil = now,
                Detail = detail,
            },
            cancellationToken);

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

    public async Task<IReadOnlyList<PostingRecord>> ListChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var records = new List<PostingRecord>();

        // Every change of a row moves its lease end (a settle sets it to the time of the settle).
        var filter = TableClient.CreateQueryFilter($"RowKey eq {PostingEntity.RowKey} and (State ne {nameof(PostingState.Posted)} or LeaseUntil ge {since.ToUniversalTime()})");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            records.Add(PostingEntity.ToRecord(row));
        }

        return records;
    }

    /// <summary>Writes <paramref name="change"/> only while the row still carries <paramref name="generation"/>; the ETag makes check and write one step.</summary>
    private async Task<PostingRecord> FencedUpdateAsync(
        string externalReference, long generation, Func<PostingRecord, DateTimeOffset, PostingRecord> change, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        if (_written.TryGetValue(externalReference, out var known) && known.Record.Generation == generation)
        {
            // The row as this process wrote it: the ETag proves nobody wrote it since, so the fence holds without reading it.
            var updated = change(known.Record, timeProvider.GetUtcNow());
            try
            {
                var response = await table.UpdateEntityAsync(PostingEntity.ToEntity(updated), known.ETag, TableUpdateMode.Replace, cancellationToken);
                Remember(updated, response.Headers.ETag);
                return updated;
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404)
            {
                // Written (or removed) since: read it, and the generation decides.
                _written.TryRemove(externalReference, out _);
            }
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var row = await ReadAsync(table, externalReference, cancellationToken);
            var existing = row is null ? null : PostingEntity.ToRecord(row);
            if (existing is null || existing.Generation != generation)
            {
                throw new PostingLeaseLostException(existing is null
                    ? $"Posting {externalReference} has no row any more: generation {generation} holds nothing, so this worker neither sends nor records."
                    : $"Posting {externalReference} was taken over by {existing.InstanceId} (generation {existing.Generation}, this worker's {generation}): its lease lapsed, so it neither sends nor records.");
            }

            var updated = change(existing, timeProvider.GetUtcNow());
            try
            {
                var response = await table.UpdateEntityAsync(PostingEntity.ToEntity(updated), row!.ETag, TableUpdateMode.Replace, cancellationToken);
                Remember(updated, response.Headers.ETag);
                return updated;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // The row changed between our read and our write: read it again; a takeover shows as a new generation.
            }
        }

        throw new InvalidOperationException($"Posting {externalReference} kept changing under {MaxAttempts} attempts to record it.");
    }

    private void Remember(PostingRecord record, ETag? etag)
    {
        if (etag is not { } written)
        {
            _written.TryRemove(record.ExternalReference, out _);
            return;
        }

        if (_written.Count >= MaxRememberedRows)
        {
            _written.Clear();
        }

        _written[record.ExternalReference] = (record, written);
    }

    private static async Task<TableEntity?> ReadAsync(TableClient table, string externalReference, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(
            PostingEntity.PartitionKey(externalReference), PostingEntity.RowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }
}
