using System.ComponentModel.DataAnnotations;
using FinanceFlow.Workflows.Schedules;

namespace FinanceFlow.Workflows.Reconciliation;

/// <summary><c>FinanceFlow:Reconciliation</c>: the nightly comparison of FinanceFlow's postings with the ERP ledgers.</summary>
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
