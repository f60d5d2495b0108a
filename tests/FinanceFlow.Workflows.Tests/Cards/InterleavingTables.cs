using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using FinanceFlow.Testing;

namespace FinanceFlow.Workflows.Tests.Cards;

/// <summary>
/// <see cref="FreshTables"/> that can force an interleaving: once armed, right after the next point read of a given row (and
/// before the reader's conditional write), another writer's steps run to completion, so the reader's write meets a changed
/// row (409 on its insert, 412 on its replace) exactly as under a real race.
/// </summary>
internal sealed class InterleavingTables(string connectionString) : TableServiceClient(connectionString)
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..12];
    private (string RowKey, int Reads, Func<Task> Steps)? _armed;

    /// <summary>How many writes the table service refused because another writer changed the row first (409 or 412).</summary>
    public int Refused { get; private set; }

    /// <summary>Runs <paramref name="steps"/> once, right after the <paramref name="reads"/>-th read of row <paramref name="rowKey"/> from now, through these same tables.</summary>
    public void After(string rowKey, Func<Task> steps, int reads = 1) => _armed = (rowKey, reads, steps);

    public override TableClient GetTableClient(string tableName) => new Interleaving(this, base.GetTableClient(_prefix + tableName));

    private async Task ReadAsync(string rowKey)
    {
        // The stores case-fold their keys; the ids the tests use need no other escaping.
        if (_armed is not { } armed || !string.Equals(armed.RowKey, rowKey, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (armed.Reads > 1)
        {
            _armed = armed with { Reads = armed.Reads - 1 };
            return;
        }

        _armed = null;
        await armed.Steps();
    }

    private async Task<Response> WriteAsync(Func<Task<Response>> write)
    {
        try
        {
            return await write();
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            Refused++;
            throw;
        }
    }

    /// <summary>Covers the calls the card, batch and audit stores make; any other call would reach the mocking base and fail.</summary>
    private sealed class Interleaving(InterleavingTables owner, TableClient inner) : TableClient
    {
        public override Uri Uri => inner.Uri;

        public override string Name => inner.Name;

        public override Task<Response<TableItem>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => inner.CreateIfNotExistsAsync(cancellationToken);

        public override async Task<NullableResponse<T>> GetEntityIfExistsAsync<T>(
            string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
        {
            var read = await inner.GetEntityIfExistsAsync<T>(partitionKey, rowKey, select, cancellationToken);
            await owner.ReadAsync(rowKey);
            return read;
        }

        public override AsyncPageable<T> QueryAsync<T>(string? filter = null, int? maxPerPage = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default) =>
            inner.QueryAsync<T>(filter, maxPerPage, select, cancellationToken);

        public override Task<Response> AddEntityAsync<T>(T entity, CancellationToken cancellationToken = default) =>
            owner.WriteAsync(() => inner.AddEntityAsync(entity, cancellationToken));

        public override Task<Response> UpdateEntityAsync<T>(T entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) =>
            owner.WriteAsync(() => inner.UpdateEntityAsync(entity, ifMatch, mode, cancellationToken));
    }
}
