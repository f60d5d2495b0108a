using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Infrastructure.MasterData;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.MasterData;

/// <summary>
/// One master-data sync run: the master-data file (<see cref="MasterDataOptions.SyncFile"/>), then the chart of accounts of
/// every active legal entity's ledger. Each kind and ledger succeeds or fails on its own; the run writes a summary per kind
/// and source, one audit row, and refreshes this process's cache.
/// </summary>
public sealed class MasterDataSync(
    IMasterDataStore store,
    MasterDataWriter writer,
    IErpLedgers ledgers,
    IOptionsMonitor<MasterDataOptions> options,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<MasterDataSync> logger)
{
    /// <summary>The source system of records read from the master-data file.</summary>
    public const string FileSourceSystem = "masterdata-file";

    /// <summary>The audit id of sync runs (<c>masterdata/sync</c>).</summary>
    public const string AuditId = "sync";

    /// <summary>The actor of scheduled and start-up runs.</summary>
    public const string SystemActor = "system";

    /// <summary>The source system of GL accounts read from a ledger: <c>erp:{ledger}</c>, <c>erp:default</c> for the default ledger.</summary>
    public static string ErpSourceSystem(string? ledger) => "erp:" + (string.IsNullOrWhiteSpace(ledger) ? "default" : ledger.Trim().ToLowerInvariant());

    /// <summary>Runs the sync now; <paramref name="actor"/> is <c>system</c> or the caller of <c>POST /api/v1/masterdata/sync</c>.</summary>
    public async Task<MasterDataSyncResult> RunAsync(string actor, CancellationToken cancellationToken)
    {
        var runId = Guid.NewGuid().ToString("N");
        var now = time.GetUtcNow();
        var summaries = new List<SyncSummary>();
        var problems = new List<SyncProblem>();

        var fileBytes = await SyncFileAsync(now, summaries, problems, cancellationToken);
        await SyncChartsOfAccountsAsync(now, summaries, problems, cancellationToken);

        var result = new MasterDataSyncResult(runId, now, summaries, problems);
        await writer.AuditAsync(
            AuditId,
            AuditSteps.MasterDataSynced,
            problems.Count == 0 ? AuditOutcomes.Synced : AuditOutcomes.SyncedWithProblems,
            actor,
            runId,
            Sha256.Hex(fileBytes ?? []),
            new { result.Summaries, result.Problems, File = options.CurrentValue.SyncFile },
            now,
            cancellationToken);
        logger.LogInformation("Master-data sync {RunId}: {SummaryCount} summaries, {ProblemCount} problems", runId, summaries.Count, problems.Count);
        return result;
    }

    /// <summary>The configured file as an absolute path: relative paths resolve against the content root.</summary>
    public string? SyncFilePath() =>
        string.IsNullOrWhiteSpace(options.CurrentValue.SyncFile) ? null : Path.GetFullPath(options.CurrentValue.SyncFile, environment.ContentRootPath);

    private async Task<byte[]?> SyncFileAsync(DateTimeOffset now, List<SyncSummary> summaries, List<SyncProblem> problems, CancellationToken cancellationToken)
    {
        if (SyncFilePath() is not { } path)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add(new SyncProblem(FileSourceSystem, null, null, $"{MasterDataOptions.SectionName}:{nameof(MasterDataOptions.SyncFile)} '{path}' cannot be read: {ex.Message}"));
            return null;
        }

        var content = MasterDataFile.Parse(bytes);
        problems.AddRange(content.Errors.Select(e => new SyncProblem(FileSourceSystem, null, e.Pointer, e.Detail)));
        foreach (var import in content.Kinds)
        {
            var kind = MasterDataKinds.NameOf(import.Kind);
            if (import.Errors.Count > 0)
            {
                // Like a PUT without partial=true: one bad row and the kind is left as it is.
                problems.AddRange(import.Errors.Select(e => new SyncProblem(FileSourceSystem, kind, e.Pointer, $"{e.Field}: {e.Detail}; {kind} not synced")));
            }
            else if (import.Rows == 0)
            {
                problems.Add(new SyncProblem(FileSourceSystem, kind, "/" + kind, $"the array is empty; an empty replace would deactivate every {kind} record of the file, so nothing was written"));
            }
            else
            {
                summaries.Add(await writer.MergeAsync(import.Kind, import.Records, FileSourceSystem, MasterDataMerge.DefaultMode(import.Kind), now, cancellationToken));
            }
        }

        return bytes;
    }

    private async Task SyncChartsOfAccountsAsync(DateTimeOffset now, List<SyncSummary> summaries, List<SyncProblem> problems, CancellationToken cancellationToken)
    {
        var entities = (await store.LoadAsync(MasterDataKind.LegalEntities, cancellationToken)).Cast<LegalEntity>().Where(e => e.Active).ToList();
        if (entities.Count == 0)
        {
            return;
        }

        var accounts = (await store.LoadAsync(MasterDataKind.GlAccounts, cancellationToken)).ToDictionary(a => a.Key, StringComparer.OrdinalIgnoreCase);
        foreach (var ledger in entities.GroupBy(e => ErpSourceSystem(e.Ledger), StringComparer.OrdinalIgnoreCase))
        {
            var sourceSystem = ledger.Key;
            var names = await ListAccountsAsync(ledger.First().Ledger, sourceSystem, problems, cancellationToken);
            if (names is null)
            {
                continue;
            }

            var postable = ChartOfAccounts.PostableAccounts(names);
            var incoming = ledger
                .SelectMany(entity => postable.Select(account => new GlAccount { Entity = entity.Code, Account = account }))
                // An active account another source owns (an import, the file) stays theirs, so two sources never take turns with it.
                .Where(a => !accounts.TryGetValue(a.Key, out var held) || !held.Active || string.Equals(held.SourceSystem, sourceSystem, StringComparison.OrdinalIgnoreCase))
                .Select(a => accounts.TryGetValue(a.Key, out var held) ? a with { Name = ((GlAccount)held).Name } : a)
                .ToList<MasterRecord>();
            summaries.Add(await writer.MergeAsync(MasterDataKind.GlAccounts, incoming, sourceSystem, SyncMode.Replace, now, cancellationToken));
        }
    }

    private async Task<IReadOnlyList<string>?> ListAccountsAsync(string? ledger, string sourceSystem, List<SyncProblem> problems, CancellationToken cancellationToken)
    {
        IErpConnector connector;
        try
        {
            connector = ledgers.For(ledger);
        }
        catch (InvalidOperationException ex)
        {
            problems.Add(new SyncProblem(sourceSystem, MasterDataKinds.NameOf(MasterDataKind.GlAccounts), null, ex.Message));
            return null;
        }

        if (connector is not IErpChartOfAccounts chart)
        {
            problems.Add(new SyncProblem(sourceSystem, MasterDataKinds.NameOf(MasterDataKind.GlAccounts), null, $"the {connector.Name} connector cannot list its chart of accounts; import gl-accounts instead"));
            return null;
        }

        try
        {
            return await chart.ListAccountsAsync(cancellationToken);
        }
        catch (ErpUnavailableException ex)
        {
            logger.LogWarning(ex, "Chart of accounts of {SourceSystem} could not be read", sourceSystem);
            problems.Add(new SyncProblem(sourceSystem, MasterDataKinds.NameOf(MasterDataKind.GlAccounts), null, $"{ex.Message} GL accounts of this ledger were not synced."));
            return null;
        }
    }
}
