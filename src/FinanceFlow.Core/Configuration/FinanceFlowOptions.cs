using System.ComponentModel.DataAnnotations;

namespace FinanceFlow.Core.Configuration;

/// <summary>The <c>FinanceFlow</c> configuration section.</summary>
public sealed class FinanceFlowOptions
{
    public const string SectionName = "FinanceFlow";

    /// <summary>Per expense-platform settings, keyed by source name (<c>FinanceFlow:Sources:{source}</c>).</summary>
    public Dictionary<string, SourceSettings> Sources { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Expense policy applied to every report.</summary>
    [Required]
    public PolicySettings Policy { get; init; } = new();

    /// <summary>Exceptions that wait for a person: <c>FinanceFlow:Exceptions</c>.</summary>
    public ExceptionSettings Exceptions { get; init; } = new();

    /// <summary>How a report's posting is retried when the ERP is unreachable.</summary>
    [Required]
    public PostingRetrySettings PostingRetry { get; init; } = new();

    /// <summary>Where status events (CloudEvents) are published; no targets, no events.</summary>
    [Required]
    public StatusFanOutSettings StatusFanOut { get; init; } = new();

    /// <summary>How long one worker holds an ERP posting before another may take it over (crash recovery).</summary>
    [Range(1, 3600)]
    public int PostingLeaseSeconds { get; init; } = 30;

    /// <summary>Accepted clock skew for webhook timestamps.</summary>
    [Range(1, 3600)]
    public int WebhookToleranceSeconds { get; init; } = 300;
}

/// <summary>One source: the secret its webhooks are signed with, where status callbacks go and where its receipts may come from.</summary>
public sealed class SourceSettings : IValidatableObject
{
    /// <summary>Standard Webhooks secret, <c>whsec_</c> + base64.</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>Where status callbacks are POSTed (optional).</summary>
    public string? CallbackUrl { get; init; }

    /// <summary>For pull sources (Expensify): when to pull, as an NCRONTAB expression with seconds (the Functions timer format).</summary>
    public string? Schedule { get; init; }

    /// <summary>
    /// Hosts the source's receipts may be downloaded from: exact names, or <c>*.example.com</c> for the names below a domain.
    /// Empty: no receipt of the source is downloaded (each is refused with a finding).
    /// </summary>
    public List<string> ReceiptHosts { get; init; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var host in ReceiptHosts)
        {
            if (Attachments.ReceiptHosts.Problem(host) is { } problem)
            {
                yield return new ValidationResult(problem, [nameof(ReceiptHosts)]);
            }
        }
    }
}

/// <summary>Policy thresholds.</summary>
public sealed class PolicySettings
{
    /// <summary>Lines whose gross amount is above this (in report currency) need a receipt.</summary>
    [Range(typeof(decimal), "0", "1000000000")]
    public decimal ReceiptRequiredAbove { get; init; } = 75m;

    /// <summary>
    /// Thresholds for currencies where <see cref="ReceiptRequiredAbove"/> makes no sense as a number (75 yen is not 75 dollars),
    /// e.g. <c>FinanceFlow:Policy:ReceiptRequiredAboveByCurrency:JPY = 10000</c>. A currency not listed uses the default.
    /// </summary>
    public Dictionary<string, decimal> ReceiptRequiredAboveByCurrency { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The receipt threshold for a report in <paramref name="currency"/>.</summary>
    public decimal ReceiptThreshold(string currency) =>
        ReceiptRequiredAboveByCurrency.TryGetValue(currency, out var threshold) ? threshold : ReceiptRequiredAbove;

    /// <summary>
    /// A line whose gross amount is above this (in report currency) breaks policy (<c>amount-over-limit</c>, overridable); null (the
    /// default) sets no limit.
    /// </summary>
    [Range(typeof(decimal), "0", "1000000000")]
    public decimal? LineAmountLimit { get; init; }

    /// <summary>The limit per line for currencies where <see cref="LineAmountLimit"/> makes no sense as a number, e.g. <c>…:LineAmountLimitByCurrency:JPY = 150000</c>.</summary>
    public Dictionary<string, decimal> LineAmountLimitByCurrency { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The limit per line for a report in <paramref name="currency"/>; null for none.</summary>
    public decimal? LineLimit(string currency) =>
        LineAmountLimitByCurrency.TryGetValue(currency, out var limit) ? limit : LineAmountLimit;
}

/// <summary>
/// How a report whose only blocking findings are overridable waits for a person (<c>FinanceFlow:Exceptions</c>): business days are
/// Monday to Friday, in UTC.
/// </summary>
public sealed class ExceptionSettings : IValidatableObject
{
    /// <summary>False: such a report ends Rejected at once, as before exceptions could wait.</summary>
    public bool WaitForResolution { get; init; } = true;

    /// <summary>How long a run waits for the resolution; then it ends Rejected with <c>exception-timed-out</c>.</summary>
    [Range(1, 60)]
    public int TimeoutBusinessDays { get; init; } = 5;

    /// <summary>How many business days before the deadline the reminder (<c>financeflow.expense.report.exception.reminder</c>) goes out; 0 for none.</summary>
    [Range(0, 59)]
    public int ReminderBusinessDaysBefore { get; init; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReminderBusinessDaysBefore >= TimeoutBusinessDays)
        {
            yield return new ValidationResult(
                $"ReminderBusinessDaysBefore ({ReminderBusinessDaysBefore}) must be less than TimeoutBusinessDays ({TimeoutBusinessDays}).", [nameof(ReminderBusinessDaysBefore)]);
        }
    }
}

/// <summary>Durable retry policy for the ERP posting activity.</summary>
public sealed class PostingRetrySettings
{
    [Range(1, 100)]
    public int MaxAttempts { get; init; } = 5;

    [Range(0.1, 3600)]
    public double FirstRetrySeconds { get; init; } = 2;

    [Range(1.0, 10.0)]
    public double BackoffCoefficient { get; init; } = 2;

    [Range(1, 86400)]
    public double MaxRetrySeconds { get; init; } = 60;
}
