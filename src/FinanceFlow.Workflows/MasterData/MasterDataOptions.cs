using System.ComponentModel.DataAnnotations;

namespace FinanceFlow.Workflows.MasterData;

/// <summary>Settings under <c>FinanceFlow:MasterData</c>.</summary>
public sealed class MasterDataOptions
{
    public const string SectionName = "FinanceFlow:MasterData";

    /// <summary>How long a process serves master data and mappings from memory before it reloads them (<c>FinanceFlow:MasterData:CacheSeconds</c>).</summary>
    [Range(0, 86400)]
    public int CacheSeconds { get; set; } = 30;
}
