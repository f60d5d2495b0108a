namespace FinanceFlow.Connectors.Hledger;

/// <summary>The <c>FinanceFlow:Erp:Ledgers</c> section: one hledger-web per ledger name, e.g. <c>FinanceFlow:Erp:Ledgers:de01:BaseUrl</c>.</summary>
/// <remarks>Each legal entity names its ledger in master data; a ledger missing here stops the posting with a reason that names the setting.</remarks>
public sealed class HledgerLedgersOptions
{
    public const string SectionName = "FinanceFlow:Erp:Ledgers";

    public Dictionary<string, HledgerOptions> Ledgers { get; init; } = new(StringComparer.OrdinalIgnoreCase);
}
