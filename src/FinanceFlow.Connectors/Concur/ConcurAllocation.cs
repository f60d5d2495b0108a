namespace FinanceFlow.Connectors.Concur;

/// <summary>A share of an entry charged to a set of cost objects, with its journal rows and tax items.</summary>
/// <remarks>Which custom field carries the cost center or project is configuration (<see cref="ConcurCompanyPosting"/>).</remarks>
public sealed record ConcurAllocation
{
    public string? AllocationId { get; init; }

    public decimal? AllocationPercentage { get; init; }

    public IReadOnlyList<ConcurJournalRow>? Journal { get; init; }

    public IReadOnlyList<ConcurTax>? Tax { get; init; }

    /// <summary>allocationCustom{n}Code (1–20), or null.</summary>
    public string? CustomCode(int n) => n switch
    {
        1 => AllocationCustom1Code,
        2 => AllocationCustom2Code,
        3 => AllocationCustom3Code,
        4 => AllocationCustom4Code,
        5 => AllocationCustom5Code,
        6 => AllocationCustom6Code,
        7 => AllocationCustom7Code,
        8 => AllocationCustom8Code,
        9 => AllocationCustom9Code,
        10 => AllocationCustom10Code,
        11 => AllocationCustom11Code,
        12 => AllocationCustom12Code,
        13 => AllocationCustom13Code,
        14 => AllocationCustom14Code,
        15 => AllocationCustom15Code,
        16 => AllocationCustom16Code,
        17 => AllocationCustom17Code,
        18 => AllocationCustom18Code,
        19 => AllocationCustom19Code,
        20 => AllocationCustom20Code,
        _ => null,
    };

    public string? AllocationCustom1Code { get; init; }

    public string? AllocationCustom2Code { get; init; }

    public string? AllocationCustom3Code { get; init; }

    public string? AllocationCustom4Code { get; init; }

    public string? AllocationCustom5Code { get; init; }

    public string? AllocationCustom6Code { get; init; }

    public string? AllocationCustom7Code { get; init; }

    public string? AllocationCustom8Code { get; init; }

    public string? AllocationCustom9Code { get; init; }

    public string? AllocationCustom10Code { get; init; }

    public string? AllocationCustom11Code { get; init; }

    public string? AllocationCustom12Code { get; init; }

    public string? AllocationCustom13Code { get; init; }

    public string? AllocationCustom14Code { get; init; }

    public string? AllocationCustom15Code { get; init; }

    public string? AllocationCustom16Code { get; init; }

    public string? AllocationCustom17Code { get; init; }

    public string? AllocationCustom18Code { get; init; }

    public string? AllocationCustom19Code { get; init; }

    public string? AllocationCustom20Code { get; init; }
}
