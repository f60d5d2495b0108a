using System.ComponentModel.DataAnnotations;
using FinanceFlow.Workflows.Schedules;

namespace FinanceFlow.Workflows.MasterData;

/// <summary>Whether reports are enriched from governed master data and mappings.</summary>
public enum EnrichmentMode
{
    /// <summary>No enrichment: accounts come from <c>FinanceFlow:Accounts</c> templates, one journal per report in its own currency.</summary>
    Off,

    /// <summary>Every report FinanceFlow codes itself is enriched; a missing employee, mapping, rate or open period holds it as AwaitingMasterData.</summary>
    Required,
}

/// <summary>Settings under <c>FinanceFlow:MasterData</c>.</summary>
public sealed class MasterDataOptions : IValidatableObject
{
    public const string SectionName = "FinanceFlow:MasterData";

    /// <summary>How long a process serves master data and mappings from memory before it reloads them (<c>FinanceFlow:MasterData:CacheSeconds</c>).</summary>
    [Range(0, 86400)]
    public int CacheSeconds { get; set; } = 30;

    /// <summary><c>FinanceFlow:MasterData:Enrichment</c>: <c>Required</c> for governed posting; <c>Off</c> (the default) until master data and mappings are loaded.</summary>
    public EnrichmentMode Enrichment { get; set; } = EnrichmentMode.Off;

    /// <summary><c>FinanceFlow:MasterData:SyncFile</c>: the master-data file each sync reads; relative to the host's content root. Unset: no file.</summary>
    public string? SyncFile { get; set; }

    /// <summary><c>FinanceFlow:MasterData:SyncSchedule</c>: when the sync runs, NCRONTAB with seconds (<c>0 0 2 * * *</c>). Unset: self-host does not schedule it.</summary>
    public string? SyncSchedule { get; set; }

    /// <summary><c>FinanceFlow:MasterData:SyncOnStartup</c>: the self-host runs one sync as soon as it starts, so a local run has master data before the first report.</summary>
    public bool SyncOnStartup { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(SyncSchedule) && RecurringSchedule.CronError(SyncSchedule) is { } error)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(SyncSchedule)} '{SyncSchedule}' is not an NCRONTAB expression: {error}", [nameof(SyncSchedule)]);
        }
    }
}
