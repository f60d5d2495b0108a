using System.ComponentModel.DataAnnotations;

namespace FinanceFlow.Connectors.Expensify;

/// <summary>The <c>FinanceFlow:Sources:expensify:Integration</c> section: partner credentials and how reports are pulled.</summary>
public sealed class ExpensifyOptions : IValidatableObject
{
    public const string SectionName = "FinanceFlow:Sources:expensify:Integration";

    /// <summary>Off by default: with it off, nothing is required and the client refuses to call Expensify.</summary>
    public bool Enabled { get; set; }

    /// <summary>The Integration Server endpoint every job is posted to.</summary>
    [Required]
    [Url]
    public string BaseUrl { get; set; } = "https://integrations.expensify.com/Integration-Server/ExpensifyIntegrations";

    /// <summary>Partner user id (<c>partnerUserID</c>); required when <see cref="Enabled"/>.</summary>
    public string? PartnerUserId { get; set; }

    /// <summary>Partner user secret (<c>partnerUserSecret</c>); required when <see cref="Enabled"/>, never logged.</summary>
    public string? PartnerUserSecret { get; set; }

    /// <summary>The markAsExported label: reports carrying it are not exported again.</summary>
    [Required]
    [StringLength(100, MinimumLength = 1)]
    public string ExportLabel { get; set; } = "FinanceFlow";

    /// <summary>Only reports of these policies (Expensify policy ids); empty means every policy the partner user sees.</summary>
    public IList<string> PolicyIds { get; } = [];

    /// <summary>Report states pulled, comma-separated: REIMBURSED too, so a report paid before the pull is not missed.</summary>
    [Required]
    public string ReportStates { get; set; } = "APPROVED,REIMBURSED";

    /// <summary>
    /// Reports submitted or created before this date are not pulled; unset, the last year. The pull exports one window of at
    /// most a year per request (Expensify refuses longer ranges), from this date up to today.
    /// </summary>
    public DateOnly? ExportStartDate { get; set; }

    /// <summary>At most this many reports per export window (Expensify's <c>limit</c>); unset exports all that match.</summary>
    [Range(1, 10000)]
    public int? ExportLimit { get; set; }

    /// <summary>Canonical legal entity by Expensify policy id.</summary>
    public Dictionary<string, string> LegalEntityByPolicy { get; } = new(StringComparer.Ordinal);

    /// <summary>Legal entity of reports whose policy is not in <see cref="LegalEntityByPolicy"/>; unset makes them a finding.</summary>
    public string? DefaultLegalEntity { get; set; }

    /// <summary>Per-request time limit; an export of many reports takes a while on Expensify's side.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 100;

    /// <summary>Expensify's documented request limits.</summary>
    [Required]
    public ExpensifyRateLimitOptions RateLimits { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(PartnerUserId))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(PartnerUserId)} is required when {SectionName}:{nameof(Enabled)} is true.", [nameof(PartnerUserId)]);
        }

        if (string.IsNullOrWhiteSpace(PartnerUserSecret))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(PartnerUserSecret)} is required when {SectionName}:{nameof(Enabled)} is true.", [nameof(PartnerUserSecret)]);
        }
    }
}
