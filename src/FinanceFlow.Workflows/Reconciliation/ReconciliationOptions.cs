using System.ComponentModel.DataAnnotations;
using FinanceFlow.Workflows.Schedules;

namespace FinanceFlow.Workflows.Reconciliation;

/// <summary><c>FinanceFlow:Reconciliation</c>: the nightly three-way comparison of the platforms, FinanceFlow's records and the ERP ledgers.</summary>
public sealed class ReconciliationOptions : IValidatableObject
{
    public const string SectionName = "FinanceFlow:Reconciliation";

    /// <summary>When it runs, NCRONTAB with seconds (<c>0 30 1 * * *</c>: 01:30 UTC). Unset: the self-host does not schedule it.</summary>
    public string? Schedule { get; set; }

    /// <summary>An unposted intent whose lease ran out longer ago than this is reported (a live run may still settle a younger one).</summary>
    [Range(0, 10080)]
    public int IntentGraceMinutes { get; set; } = 15;

    /// <summary>A report still Pending after this long without a change is listed as stuck.</summary>
    [Range(1, 10080)]
    public int StuckAfterMinutes { get; set; } = 60;

    /// <summary>
    /// The ledger days a run reads back at least (today and the days before): widened to the earliest posting date of any report
    /// whose status changed since the last run, and never more than <see cref="MaxWindowDays"/>.
    /// </summary>
    [Range(1, 366)]
    public int WindowDays { get; set; } = 7;

    /// <summary>The most ledger days one run reads back, however old the postings of the reports that changed.</summary>
    [Range(1, 3660)]
    public int MaxWindowDays { get; set; } = 400;

    /// <summary>A journal FinanceFlow posted that its ledger no longer holds is posted again (after an authoritative read).</summary>
    public bool RedriveMissingInErp { get; set; } = true;

    /// <summary>A document a platform approved that never reached FinanceFlow is sent through intake again.</summary>
    public bool RedriveMissingInFinanceFlow { get; set; } = true;

    /// <summary>How many days back the exception queue lists dead-lettered intake messages.</summary>
    [Range(1, 366)]
    public int DeadLetterDays { get; set; } = 7;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Schedule) && RecurringSchedule.CronError(Schedule) is { } error)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(Schedule)} '{Schedule}' is not an NCRONTAB expression: {error}", [nameof(Schedule)]);
        }
    }
}
