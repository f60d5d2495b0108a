using System.ComponentModel.DataAnnotations;
using FinanceFlow.Workflows.Schedules;

namespace FinanceFlow.Workflows.PaymentSync;

/// <summary><c>FinanceFlow:PaymentSync</c>: the scheduled read of payments back from every ledger that has a readable payment status.</summary>
public sealed class PaymentSyncOptions : IValidatableObject
{
    public const string SectionName = "FinanceFlow:PaymentSync";

    /// <summary>Off by default: payments then reach FinanceFlow only through the manual payment route.</summary>
    public bool Enabled { get; set; }

    /// <summary>When it runs, NCRONTAB with seconds (<c>0 */15 * * * *</c>: every 15 minutes). Unset: the self-host does not schedule it.</summary>
    public string? Schedule { get; set; }

    /// <summary>
    /// How many days back each run reads (its watermark is today minus this): payments booked late with an earlier date are still
    /// found; a payment read again is recognised by its id and changes nothing.
    /// </summary>
    [Range(1, 366)]
    public int LookbackDays { get; set; } = 31;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Schedule) && RecurringSchedule.CronError(Schedule) is { } error)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(Schedule)} '{Schedule}' is not an NCRONTAB expression: {error}", [nameof(Schedule)]);
        }
    }
}
