using System.ComponentModel.DataAnnotations;
using FinanceFlow.Workflows.Reconciliation;
using FinanceFlow.Workflows.Schedules;

namespace FinanceFlow.Workflows.Operations;

/// <summary><c>FinanceFlow:Watchdog</c>: the sweep that finds report runs that stopped moving and runs them again.</summary>
public sealed class WatchdogOptions : IValidatableObject
{
    public const string SectionName = "FinanceFlow:Watchdog";

    /// <summary>When it sweeps, NCRONTAB with seconds (<c>0 */5 * * * *</c>: every five minutes). Unset: the self-host does not sweep.</summary>
    public string? Schedule { get; set; }

    /// <summary>
    /// A report Pending this long without a change (status row and run alike) is stuck. Unset: <c>FinanceFlow:Reconciliation:StuckAfterMinutes</c>,
    /// so the exception queue and the watchdog agree on what stuck means.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan? StuckAfter { get; set; }

    /// <summary>How many times the watchdog runs a stuck report again by itself; 0 only lists it in the exception queue.</summary>
    [Range(0, 10)]
    public int AutoRedrives { get; set; } = 1;

    /// <summary>
    /// How many times the watchdog runs again a report whose posting failed because the ERP could not be reached (an ERP outage
    /// longer than the posting retries), each time <see cref="ErpRetryAfter"/> after the last failure; 0 leaves them to finance ops.
    /// </summary>
    [Range(0, 100)]
    public int ErpRetries { get; set; } = 8;

    /// <summary>How long after such a failure the watchdog tries again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ErpRetryAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The threshold in force, from this section or the reconciliation's.</summary>
    public TimeSpan StuckAfterOr(ReconciliationOptions reconciliation) => StuckAfter ?? TimeSpan.FromMinutes(reconciliation.StuckAfterMinutes);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Schedule) && RecurringSchedule.CronError(Schedule) is { } error)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(Schedule)} '{Schedule}' is not an NCRONTAB expression: {error}", [nameof(Schedule)]);
        }
    }
}
