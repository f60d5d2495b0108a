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
/// first rows, so of two concurrent saves only one wins.
/// </summary>
public sealed class TableMappingStore(TableServiceClient tables) : IMappingStore
{
    public const string TableName = "Mappings";

    /// <summary>RowKey of the version row; rule keys always hold '|', so none collides with it.</summary>
    public const string VersionRowKey = "version";

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
            else
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
            if (row.RowKey != VersionRowKey && MappingKinds.TryParse(row.PartitionKey, out _))
            {
                rules.Add(ToRule(row));
            }
        }

        return rules;
    }

    public async Task SaveAsync(MappingRuleSet current, IReadOnlyList<MappingRule> changed, int newVersion, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var partition = MappingKinds.NameOf(current.Kind);
        var version = new TableEntity(partition, VersionRowKey) { ["Version"] = newVersion };
        var versionAction = current.ConcurrencyToken is { } token
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, version, new ETag(token))
            : new TableTransactionAction(TableTransactionActionType.Add, version);
        var rows = changed.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(partition, r))).ToList();

        // The first transaction claims the version together with up to 99 rules; any later ones only follow the winner.
        var first = rows.Take(TableMasterDataStore.MaxBatch - 1).Prepend(versionAction).ToList();
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

        foreach (var chunk in rows.Skip(TableMasterDataStore.MaxBatch - 1).Chunk(TableMasterDataStore.MaxBatch))
        {
            await table.SubmitTransactionAsync(chunk, cancellationToken);
        }
    }

    private static TableEntity ToEntity(string partition, MappingRule rule) => new(partition, TableKeys.Escape(rule.Key))
    {
        ["Json"] = JsonSerializer.Serialize(rule, FinanceFlowJson.Options),
        ["Entity"] = rule.Entity,
        ["Source"] = rule.Source,
        ["Target"] = rule.Target,
        ["Version"] = rule.Version,
        ["ChangedBy"] = rule.ChangedBy,
    };

    private static MappingRule ToRule(TableEntity row) =>
        JsonSerializer.Deserialize<MappingRule>(row.GetString("Json") ?? "null", FinanceFlowJson.Options)
        ?? throw new InvalidOperationException($"Row {row.PartitionKey}/{row.RowKey} of table {TableName} has no rule JSON.");
}
