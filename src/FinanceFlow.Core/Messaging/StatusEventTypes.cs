using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Messaging;

/// <summary>The CloudEvents <c>type</c> values of the status fan-out, and which report outcome each one announces.</summary>
public static class StatusEventTypes
{
    public const string Prefix = "financeflow.expense.report.";

    /// <summary>The run for a report version started (emitted by the orchestration's first step).</summary>
    public const string Accepted = Prefix + "accepted";

    /// <summary><see cref="ReportOutcome.Rejected"/>: policy or validation stopped it; nothing posted.</summary>
    public const string Rejected = Prefix + "rejected";

    /// <summary><see cref="ReportOutcome.Posted"/>: in the ledger of every entity.</summary>
    public const string Posted = Prefix + "posted";

    /// <summary><see cref="ReportOutcome.PostingFailed"/>: the ERP refused it or stayed unreachable.</summary>
    public const string Failed = Prefix + "failed";

    /// <summary><see cref="ReportOutcome.AwaitingMasterData"/>: nothing posted, waits for finance to fix master data and retry.</summary>
    public const string Held = Prefix + "held";

    /// <summary><see cref="ReportOutcome.PostingInDoubt"/>: the ERP's answer never came; it may be in the ledger, and is not sent again.</summary>
    public const string InDoubt = Prefix + "in-doubt";

    /// <summary><see cref="ReportOutcome.Paid"/>: the ERP's payment run paid it, in full or in part (sent by the payment operation).</summary>
    public const string Paid = Prefix + "paid";

    /// <summary>
    /// <see cref="ReportOutcome.AwaitingResolution"/>: the report still waits on its exception and the deadline is near (sent by the run
    /// <c>FinanceFlow:Exceptions:ReminderBusinessDaysBefore</c> business days before it). Not an outcome: the run goes on waiting.
    /// </summary>
    public const string ExceptionReminder = Prefix + "exception.reminder";

    /// <summary>A reconciliation run finished (nightly or on demand): its counts per class, in <c>data.reconciliation</c>.</summary>
    public const string ReconciliationCompleted = "financeflow.reconciliation.completed";

    /// <summary>The type that announces a final outcome; a run never ends <see cref="ReportOutcome.Pending"/>.</summary>
    public static string For(ReportOutcome outcome) => outcome switch
    {
        ReportOutcome.Posted => Posted,
        ReportOutcome.Rejected => Rejected,
        ReportOutcome.PostingFailed => Failed,
        ReportOutcome.AwaitingMasterData => Held,
        ReportOutcome.PostingInDoubt => InDoubt,
        ReportOutcome.Paid => Paid,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A pending report has no status event."),
    };

    /// <summary>The last segment of a type, e.g. <c>posted</c>.</summary>
    public static string Suffix(string type) => type.StartsWith(Prefix, StringComparison.Ordinal) ? type[Prefix.Length..] : type;
}
