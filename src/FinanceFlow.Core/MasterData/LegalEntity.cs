namespace FinanceFlow.Core.MasterData;

/// <summary>What an entity books expense reports as in its ERP.</summary>
public enum PostingObject
{
    JournalEntry,
    VendorBill,
}

/// <summary>Where the rate that converts report amounts into the functional currency comes from.</summary>
public enum FxRateSource
{
    /// <summary>The rate the source document carries (the expense platform's own conversion).</summary>
    Document,

    /// <summary>The governed <c>fx-rates</c> table.</summary>
    MasterData,
}

/// <summary>Which date picks the rate.</summary>
public enum FxRateDate
{
    TransactionDate,
    ApprovalDate,
    PostingDate,
}

/// <summary>What happens when a report's accounting date falls in a closed period.</summary>
public enum ClosedPeriodPolicy
{
    /// <summary>Post on the first day of the next open period and record the original date.</summary>
    PostToNextOpenPeriod,

    /// <summary>Stop the report with a finding until finance opens the period or changes the date.</summary>
    Stop,
}

/// <summary>A legal entity (company code) with its ledger, functional currency, open periods and posting policies.</summary>
public sealed record LegalEntity : MasterRecord
{
    /// <summary>The company code, e.g. <c>DE01</c>.</summary>
    public required string Code { get; init; }

    public string? Name { get; init; }

    /// <summary>ISO 4217 code every journal of the entity is posted in.</summary>
    public required string FunctionalCurrency { get; init; }

    /// <summary>The ERP ledger the entity's journals go to (a name under <c>FinanceFlow:Erp:Ledgers</c>).</summary>
    public required string Ledger { get; init; }

    /// <summary>
    /// What the entity's report journals are booked as in its ERP; null (the default) leaves it to the ledger's own setting
    /// (Business Central <c>Mode</c>, NetSuite <c>Mode</c>), so an entity never overrides a ledger by accident.
    /// </summary>
    public PostingObject? PostingObject { get; init; }

    /// <summary>Open accounting periods as calendar months <c>yyyy-MM</c>; empty means every period is open.</summary>
    public IReadOnlyList<string> OpenPeriods { get; init; } = [];

    public FxRateSource FxRateSource { get; init; } = FxRateSource.MasterData;

    public FxRateDate FxRateDate { get; init; } = FxRateDate.TransactionDate;

    /// <summary>How many days before the rate date a master-data rate may be, when none is published on the day (weekends, holidays).</summary>
    public int FxRateMaxAgeDays { get; init; } = 7;

    public ClosedPeriodPolicy ClosedPeriodPolicy { get; init; } = ClosedPeriodPolicy.Stop;

    /// <summary>The account conversion rounding differences post to, so each journal balances in the functional currency.</summary>
    public string? RoundingAccount { get; init; }

    public override string Key => Code;
}
