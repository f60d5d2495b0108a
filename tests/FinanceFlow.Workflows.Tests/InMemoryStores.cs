using System.Collections.Concurrent;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;

namespace FinanceFlow.Workflows.Tests;

/// <summary>Status rows in memory, keeping the table store's rule that an older version never overwrites a newer one.</summary>
internal sealed class InMemoryReportStatusStore : IReportStatusStore
{
    private readonly ConcurrentDictionary<ReportKey, ReportStatusRecord> _rows = new();

    public Task UpsertAsync(ReportStatusRecord record, CancellationToken cancellationToken)
    {
        _rows.AddOrUpdate(new ReportKey(record.Source, record.ReportId), record, (_, existing) => existing.Version > record.Version ? existing : record);
        return Task.CompletedTask;
    }

    public Task<ReportStatusRecord?> GetAsync(ReportKey report, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryGetValue(report, out var row) ? row : null);
}

/// <summary>An append-only audit trail in memory.</summary>
internal sealed class InMemoryAuditTrail : IAuditTrail
{
    private readonly List<AuditRecord> _rows = [];

    public IReadOnlyList<AuditRecord> Rows => _rows;

    public Task AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        _rows.Add(record);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAsync(ReportKey report, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuditRecord>>([.. _rows.Where(r => r.Report == report).OrderBy(r => r.At)]);
}
