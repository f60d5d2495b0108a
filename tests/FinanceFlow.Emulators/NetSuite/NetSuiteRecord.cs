namespace FinanceFlow.Emulators.NetSuite;

/// <summary>A transaction the NetSuite emulator holds: a journal entry (<c>line</c> sublist) or a vendor bill (<c>expense</c> sublist).</summary>
public sealed class NetSuiteRecord
{
    public required string Type { get; init; }

    public required string Id { get; init; }

    public required string ExternalId { get; init; }

    public required string TranId { get; init; }

    public DateOnly TranDate { get; set; }

    public string? Subsidiary { get; set; }

    public string Currency { get; set; } = string.Empty;

    public string? Memo { get; set; }

    /// <summary>A vendor bill's vendor.</summary>
    public string? Entity { get; set; }

    /// <summary>A vendor bill's AP account.</summary>
    public string? Account { get; set; }

    public List<NetSuiteLine> Lines { get; } = [];

    /// <summary>How many PUTs wrote this record (1 when created and never updated).</summary>
    public int Writes { get; set; }

    public bool IsVendorBill => Type == NetSuiteEmulator.VendorBill;
}

/// <summary>One sublist line: a journal line has <see cref="Debit"/> or <see cref="Credit"/>, a bill's expense line <see cref="Amount"/>.</summary>
public sealed record NetSuiteLine(string Account, decimal Debit, decimal Credit, decimal Amount, string? Memo, string? Department, string? Class);
