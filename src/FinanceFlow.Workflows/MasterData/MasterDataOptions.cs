using System.ComponentModel.DataAnnotations;

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
public sealed class MasterDataOptions
{
    public const string SectionName = "FinanceFlow:MasterData";

    /// <summary>How long a process serves master data and mappings from memory before it reloads them (<c>FinanceFlow:MasterData:CacheSeconds</c>).</summary>
    [Range(0, 86400)]
    public int CacheSeconds { get; set; } = 30;

    /// <summary><c>FinanceFlow:MasterData:Enrichment</c>: <c>Required</c> for governed posting; <c>Off</c> (the default) until master data and mappings are loaded.</summary>
    public EnrichmentMode Enrichment { get; set; } = EnrichmentMode.Off;
}
