using System.Text;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Infrastructure.MasterData;

namespace FinanceFlow.Workflows.MasterData;

/// <summary>What <c>GET /api/v1/masterdata/{kind}</c> answers; records are written as their concrete type.</summary>
public sealed record MasterDataList(string Kind, int Count, IReadOnlyList<object> Records);

/// <summary>What a successful <c>PUT /api/v1/masterdata/{kind}</c> answers: what the import did and the rows it left out.</summary>
public sealed record MasterDataImportAnswer(SyncSummary Summary, IReadOnlyList<ProblemFieldError> Rejected);

/// <summary>How an import writes: under which source system, replacing or merging, and whether good rows go in when others are bad.</summary>
public sealed record ImportSettings(string SourceSystem, SyncMode Mode, bool Partial);

/// <summary>Reads and bulk-imports governed master data, one kind at a time, with a sync summary and an audit row per import.</summary>
public sealed class MasterDataRecords(IMasterDataStore store, MasterDataWriter writer, TimeProvider time)
{
    /// <summary>Largest import body: 20 MiB.</summary>
    public const int MaxBodyBytes = 20 * 1024 * 1024;

    /// <summary>Most records one import takes: reading a record costs tens of microseconds, so this bounds what one request can cost (bigger sets go in parts with mode=merge).</summary>
    public const int MaxRows = 10_000;

    public const string ImportedStep = AuditSteps.MasterDataImported;

    /// <summary>The records of one kind, in key order; <paramref name="entity"/> (empty for all) and <paramref name="active"/> narrow them.</summary>
    public async Task<MasterDataList> ListAsync(MasterDataKind parsed, string entity, bool? active, CancellationToken cancellationToken)
    {
        var records = (await store.LoadAsync(parsed, cancellationToken))
            .Where(r => active is null || r.Active == active)
            .Where(r => entity.Length == 0 || BelongsTo(r, entity))
            .OrderBy(r => r.Key, StringComparer.OrdinalIgnoreCase)
            .ToList<object>();
        return new MasterDataList(MasterDataKinds.NameOf(parsed), records.Count, records);
    }

    /// <summary>Imports the records of <paramref name="body"/> (CSV when <paramref name="csv"/>, else JSON); nothing is written when a row is bad, unless partial.</summary>
    public async Task<Answer<MasterDataImportAnswer>> ImportAsync(
        MasterDataKind parsed, byte[] body, bool csv, ImportSettings query, string actor, string correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(query);
        var import = csv ? MasterDataImport.ParseCsv(parsed, Encoding.UTF8.GetString(body), MaxRows) : MasterDataImport.ParseJson(parsed, body, MaxRows);
        var rejected = import.Errors.Select(ToFieldError).ToList();
        if (import.Errors.Count > 0 && (!query.Partial || import.Records.Count == 0))
        {
            return Refusal.Invalid(
                "invalid-master-data",
                $"The {MasterDataKinds.NameOf(parsed)} import was refused",
                $"{import.RejectedRows} of {import.Rows} row(s) failed validation; nothing was written.{(query.Partial ? "" : " Add partial=true to import the good rows only.")}",
                rejected);
        }

        if (import.Rows == 0)
        {
            return Refusal.Invalid("empty-import", "Nothing to import", "The body holds no records; an empty replace would deactivate every record of the source system.",
                [new ProblemFieldError("", "holds no records")]);
        }

        // A rejected row still names a record the source has: replacing around it would retire that record for a typo.
        var mode = import.Errors.Count > 0 ? SyncMode.Merge : query.Mode;
        var now = time.GetUtcNow();
        var summary = await writer.MergeAsync(parsed, import.Records, query.SourceSystem, mode, now, cancellationToken);
        await writer.AuditAsync(
            MasterDataKinds.NameOf(parsed),
            ImportedStep,
            import.Errors.Count > 0 ? AuditOutcomes.PartiallyImported : AuditOutcomes.Imported,
            actor,
            correlationId,
            Sha256.Hex(body),
            new { Summary = summary, Mode = mode, Rejected = import.RejectedRows },
            now,
            cancellationToken);
        return new MasterDataImportAnswer(summary, rejected);
    }

    private static bool BelongsTo(MasterRecord record, string entity) => record switch
    {
        CurrencyRecord currency => currency.Entities.Any(e => e == CurrencyRecord.AllEntities || string.Equals(e, entity, StringComparison.OrdinalIgnoreCase)),
        _ => MasterDataRecordTypes.EntityOf(record) is not { } owner || string.Equals(owner, entity, StringComparison.OrdinalIgnoreCase),
    };

    private static ProblemFieldError ToFieldError(ImportError error) =>
        new(error.Location, error.Detail) { Field = error.Field, Line = error.Line };
}
