using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.MasterData;
using FinanceFlow.Infrastructure.Provisioning;

namespace FinanceFlow.Infrastructure.Mappings;

/// <summary>
/// Mapping rules in Table <c>Mappings</c>: PartitionKey the kind's route name, RowKey the escaped rule key, the rule as JSON.
/// A <c>version</c> row per kind holds the current version; a save replaces it on its ETag in the same transaction as the
/// first rows and the approved proposal, so of two concurrent saves only one wins. Proposals are rows <c>change-{id}</c> of the
/// same partition, their rules as JSON split over <c>Json0</c>…<c>Json14</c> (a string property holds at most 32K characters).
/// </summary>
public sealed class TableMappingStore(TableServiceClient tables) : IMappingStore
{
    public const string TableName = "Mappings";

    /// <summary>RowKey of the version row; rule keys always hold '|', so none collides with it.</summary>
    public const string VersionRowKey = "version";

    /// <summary>RowKey prefix of a proposed change; it holds no '|', so no rule key collides with it.</summary>
    public const string ProposalRowPrefix = "change-";

    private const int ChunkCharacters = 30_000;
    private const int MaxChunks = 15;

    public async Task<MappingRuleSet> LoadAsync(MappingKind kind, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {MappingKinds.NameOf(kind)}");
        var rules = new List<MappingRule>();
        var version = 0;
        string? token = null;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == VersionRowKey)
            {
                version = row.GetInt32("Version") ?? 0;
                token = row.ETag.ToString();
            }
            else if (IsRule(row))
            {
                rules.Add(ToRule(row));
            }
        }

        return new MappingRuleSet(kind, version, rules, token);
    }

    public async Task<IReadOnlyList<MappingRule>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var rules = new List<MappingRule>();
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (IsRule(row) && MappingKinds.TryParse(row.PartitionKey, out _))
            {
                rules.Add(ToRule(row));
            }
        }

        return rules;
    }

    public async Task SaveAsync(MappingRuleSet current, IReadOnlyList<MappingRule> changed, int newVersion, StoredMappingProposal approved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(approved);
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var partition = MappingKinds.NameOf(current.Kind);
        var version = new TableEntity(partition, VersionRowKey) { ["Version"] = newVersion };
        var versionAction = current.ConcurrencyToken is { } token
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, version, new ETag(token))
            : new TableTransactionAction(TableTransactionActionType.Add, version);
        var rows = changed.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(partition, r))).ToList();

        var proposalAction = new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(approved.Proposal), new ETag(approved.ConcurrencyToken));

        // The first transaction claims the version and decides the proposal together with up to 98 rules; any later ones only follow the winner.
        var first = rows.Take(TableMasterDataStore.MaxBatch - 2).Prepend(proposalAction).Prepend(versionAction).ToList();
        try
        {
            await table.SubmitTransactionAsync(first, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new MappingVersionConflictException(current.Kind, current.Version, ex);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new MappingVersionConflictException(current.Kind, current.Version, ex);
        }

        foreach (var chunk in rows.Skip(TableMasterDataStore.MaxBatch - 2).Chunk(TableMasterDataStore.MaxBatch))
        {
            await table.SubmitTransactionAsync(chunk, cancellationToken);
        }
    }

    public async Task AddProposalAsync(MappingProposal proposal, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        await table.AddEntityAsync(ToEntity(proposal), cancellationToken);
    }

    public async Task<StoredMappingProposal?> GetProposalAsync(MappingKind kind, string id, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(MappingKinds.NameOf(kind), ProposalRowPrefix + TableKeys.Escape(id), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } found ? new StoredMappingProposal(ToProposal(found), found.ETag.ToString()) : null;
    }

    public async Task<IReadOnlyList<MappingProposal>> ListProposalsAsync(MappingKind kind, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var partition = MappingKinds.NameOf(kind);

        // Every RowKey starting "change-" sorts between "change-" and "change." ('.' follows '-').
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {ProposalRowPrefix} and RowKey lt {"change."}");
        var proposals = new List<MappingProposal>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            proposals.Add(ToProposal(row));
        }

        return [.. proposals.OrderByDescending(p => p.ProposedAt)];
    }

    public async Task DecideAsync(StoredMappingProposal decided, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decided);
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        try
        {
            await table.UpdateEntityAsync(ToEntity(decided.Proposal), new ETag(decided.ConcurrencyToken), TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            throw new MappingVersionConflictException(decided.Proposal.Kind, decided.Proposal.BaseVersion, ex);
        }
    }

    private static bool IsRule(TableEntity row) => row.RowKey != VersionRowKey && !row.RowKey.StartsWith(ProposalRowPrefix, StringComparison.Ordinal);

    private static TableEntity ToEntity(MappingProposal proposal)
    {
        var json = JsonSerializer.Serialize(proposal, FinanceFlowJson.Options);
        if (json.Length > ChunkCharacters * MaxChunks)
        {
            throw new MappingProposalTooLargeException(json.Length, ChunkCharacters * MaxChunks);
        }

        var entity = new TableEntity(MappingKinds.NameOf(proposal.Kind), ProposalRowPrefix + TableKeys.Escape(proposal.Id))
        {
            ["Status"] = proposal.Status.ToString(),
            ["ProposedBy"] = proposal.ProposedBy,
            ["DecidedBy"] = proposal.DecidedBy,
        };
        for (var i = 0; i * ChunkCharacters < json.Length; i++)
        {
            entity["Json" + i.ToString(CultureInfo.InvariantCulture)] = json.Substring(i * ChunkCharacters, Math.Min(ChunkCharacters, json.Length - (i * ChunkCharacters)));
        }

        return entity;
    }

    private static MappingProposal ToProposal(TableEntity row)
    {
        var json = new StringBuilder();
        for (var i = 0; row.GetString("Json" + i.ToString(CultureInfo.InvariantCulture)) is { } chunk; i++)
        {
            json.Append(chunk);
        }

        return JsonSerializer.Deserialize<MappingProposal>(json.ToString(), FinanceFlowJson.Options)
            ?? throw new InvalidOperationException($"Row {row.PartitionKey}/{row.RowKey} of table {TableName} has no proposal JSON.");
    }

    private static TableEntity ToEntity(string partition, MappingRule rule) => new(partition, TableKeys.Escape(rule.Key))
    {
        ["Json"] = JsonSerializer.Serialize(rule, FinanceFlowJson.Options),
        ["Entity"] = rule.Entity,
        ["Source"] = rule.Source,
        ["Target"] = rule.Target,
        ["Version"] = rule.Version,
        ["ChangedBy"] = rule.ChangedBy,
        ["ApprovedBy"] = rule.ApprovedBy,
    };

    private static MappingRule ToRule(TableEntity row) =>
        JsonSerializer.Deserialize<MappingRule>(row.GetString("Json") ?? "null", FinanceFlowJson.Options)
        ?? throw new InvalidOperationException($"Row {row.PartitionKey}/{row.RowKey} of table {TableName} has no rule JSON.");
}
