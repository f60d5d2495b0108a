using System.Globalization;
using System.Text;
using FinanceFlow.Core.MasterData;

namespace FinanceFlow.Workflows.MasterData;

/// <summary>Something one part of a sync run could not do; the other parts still ran.</summary>
/// <param name="Part">The source the problem belongs to: <c>masterdata-file</c> or <c>erp:{ledger}</c>.</param>
/// <param name="Kind">The route name of the kind that was not written, when the problem is one kind's.</param>
/// <param name="Pointer">JSON pointer into the master-data file (<c>/employees/1/erpId</c>), for file problems.</param>
/// <param name="Message">What is wrong, in words finance can act on.</param>
public sealed record SyncProblem(string Part, string? Kind, string? Pointer, string Message);

/// <summary>What one master-data sync run did: a summary per kind and source written, and every problem.</summary>
public sealed record MasterDataSyncResult(string RunId, DateTimeOffset At, IReadOnlyList<SyncSummary> Summaries, IReadOnlyList<SyncProblem> Problems)
{
    /// <summary>One line per kind and source (<c>gl-accounts erp:de: 3 added, 0 changed, 1 deactivated</c>), then one per problem.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var s in Summaries)
        {
            text.Append(CultureInfo.InvariantCulture, $"{MasterDataKinds.NameOf(s.Kind)} {s.SourceSystem}: {s.Added} added, {s.Changed} changed, {s.Deactivated} deactivated").Append('\n');
        }

        foreach (var p in Problems)
        {
            text.Append(CultureInfo.InvariantCulture, $"problem {p.Part}{(p.Kind is null ? "" : " " + p.Kind)}{(p.Pointer is null ? "" : " at " + p.Pointer)}: {p.Message}").Append('\n');
        }

        return text.Length == 0 ? "nothing to sync" : text.ToString().TrimEnd('\n');
    }
}
