using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FinanceFlow.Testing;

namespace FinanceFlow.Benchmarks.StorageRequests;

/// <summary>A stretch of time on Azurite's clock; a request belongs to it when Azurite took it at or after the start and before the end.</summary>
internal readonly record struct CountWindow(DateTimeOffset Start, DateTimeOffset End)
{
    public double Seconds => (End - Start).TotalSeconds;

    public bool Contains(StorageRequest request) => request.At >= Start && request.At < End;
}

/// <summary>
/// Storage requests per posted report: the requests of the run window minus the idle window's rate over the run window's length,
/// per kind of request, divided by the reports. Requests carrying the counter's own trace id (its status polls through the API)
/// are left out of both windows; requests carrying the webhook sends' trace id are the intake's share.
/// </summary>
internal sealed partial class StorageRequestTally
{
    private readonly List<Row> _rows;

    private StorageRequestTally(List<Row> rows, int reports, CountWindow idle, CountWindow run, int excluded, double intake)
    {
        _rows = rows;
        Reports = reports;
        Idle = idle;
        Run = run;
        Excluded = excluded;
        Intake = intake;
    }

    public int Reports { get; }

    public CountWindow Idle { get; }

    public CountWindow Run { get; }

    /// <summary>Requests the counter's own polling caused, left out.</summary>
    public int Excluded { get; }

    /// <summary>Per report, the requests made inside the webhook request itself (admission: raw payload, status and audit rows, the start).</summary>
    public double Intake { get; }

    public double Total => _rows.Sum(r => r.PerReport);

    /// <summary>One row of the breakdown: a kind of request and how many a posted report costs.</summary>
    public sealed record Row(string Kind, string Method, string Operation, string Resource, double PerReport, double ItemsPerReport, double IdlePerSecond);

    public IReadOnlyList<Row> Rows => _rows;

    public static StorageRequestTally Count(
        IReadOnlyList<StorageRequest> requests, CountWindow idle, CountWindow run, int reports, string ownTraceId, string intakeTraceId)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var counted = requests.Where(r => r.TraceId != ownTraceId).ToList();
        var scale = run.Seconds / idle.Seconds;
        var rows = counted
            .Where(r => idle.Contains(r) || run.Contains(r))
            .GroupBy(r => (Kind: r.Service.ToString().ToLowerInvariant(), r.Method, Operation: OperationOf(r), Resource: ResourceOf(r)))
            .Select(g =>
            {
                var inIdle = g.Where(idle.Contains).ToList();
                var inRun = g.Where(run.Contains).ToList();
                return new Row(
                    g.Key.Kind,
                    g.Key.Method,
                    g.Key.Operation,
                    g.Key.Resource,
                    (inRun.Count - (inIdle.Count * scale)) / reports,
                    (inRun.Sum(r => r.Items) - (inIdle.Sum(r => r.Items) * scale)) / reports,
                    inIdle.Count / idle.Seconds);
            })
            .OrderByDescending(r => r.PerReport)
            .ThenBy(r => r.Kind, StringComparer.Ordinal)
            .ThenBy(r => r.Resource, StringComparer.Ordinal)
            .ToList();
        var excluded = requests.Count(r => r.TraceId == ownTraceId && run.Contains(r));
        var intake = counted.Count(r => r.TraceId == intakeTraceId && run.Contains(r)) / (double)reports;
        return new StorageRequestTally(rows, reports, idle, run, excluded, intake);
    }

    /// <summary>Per report for one kind (<c>queue</c>, <c>table</c>, <c>blob</c>).</summary>
    public double Of(string kind) => _rows.Where(r => r.Kind == kind).Sum(r => r.PerReport);

    public override string ToString()
    {
        var text = new StringBuilder();
        var idleRate = _rows.Sum(r => r.IdlePerSecond);
        text.AppendLine(Invariant(
            $"idle window {Idle.Seconds:0.0} s: {idleRate:0.00} requests/s (queue {Rate("queue"):0.00}, table {Rate("table"):0.00}, blob {Rate("blob"):0.00})"));
        text.AppendLine(Invariant(
            $"run window {Run.Seconds:0.0} s: {(Total * Reports) + (idleRate * Run.Seconds):0} requests, idle polling {idleRate * Run.Seconds:0.0} of them; the counter's own status polls ({Excluded}) left out"));
        text.AppendLine(Invariant(
            $"storage requests per posted report: total {Total:0.0}  queue {Of("queue"):0.0}  table {Of("table"):0.0}  blob {Of("blob"):0.0}  (in the webhook request itself: {Intake:0.0})"));
        text.AppendLine(Invariant($"  {"per report",10}  {"items",7}  {"kind",-5}  {"verb",-6}  {"operation",-50}  resource"));
        foreach (var row in _rows.Where(r => Math.Abs(r.PerReport) >= 0.05))
        {
            var items = row.ItemsPerReport == 0 ? string.Empty : Invariant($"{row.ItemsPerReport:0.0}");
            text.AppendLine(Invariant($"  {row.PerReport,10:0.0}  {items,7}  {row.Kind,-5}  {row.Method,-6}  {row.Operation,-50}  {row.Resource}"));
        }

        text.AppendLine("  (items: messages the dequeues returned, entities the batches wrote; a status after the operation: what Azurite answered)");
        return text.ToString();

        double Rate(string kind) => _rows.Where(r => r.Kind == kind).Sum(r => r.IdlePerSecond);
    }

    // An empty dequeue is polling, a dequeue that returned messages moves work: worth telling apart. Answers other than 2xx are
    // shown, e.g. a read that finds nothing (404) or a create of what exists (409).
    private static string OperationOf(StorageRequest request) =>
        (request.Operation == "Messages_Dequeue" && request.Items == 0 ? "Messages_Dequeue (empty)" : request.Operation)
        + (request.Status is >= 200 and < 300 ? string.Empty : Invariant($" -> {request.Status}"));

    // The engine's control queues are one per partition; which partition a report lands on is chance, so they are counted together.
    private static string ResourceOf(StorageRequest request) => ControlQueue().Replace(request.Resource, "-control-NN");

    [GeneratedRegex(@"-control-\d+$")]
    private static partial Regex ControlQueue();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
