using FinanceFlow.Core.Journal;

namespace FinanceFlow.Connectors.Erp;

/// <summary>
/// For ledgers that keep journal entries only (hledger, SAP S/4HANA): a journal whose entity books vendor bills is posted as a
/// journal entry all the same, and the result carries a warning, so finance sees it in the report's status row.
/// </summary>
public static class JournalEntriesOnly
{
    /// <summary><paramref name="result"/>, with the warning added when it posted a journal its entity wanted as a vendor bill.</summary>
    public static ErpPostingResult Noted(JournalEntry entry, ErpPostingResult result, string erp)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(result);
        return result.Accepted && entry.AsksForVendorBill
            ? result with { Warnings = [.. result.Warnings ?? [], Warning(entry, erp)] }
            : result;
    }

    /// <summary>What the status row says, e.g. <c>US01 books vendor bills; hledger keeps journal entries only, so this was posted as a journal entry.</c></summary>
    public static string Warning(JournalEntry entry, string erp)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return $"{entry.LegalEntity} books vendor bills; {erp} keeps journal entries only, so this was posted as a journal entry"
            + (entry.EmployeeErpId is { Length: > 0 } vendor ? $" (the payable stays on its account, not on vendor {vendor})." : ".");
    }
}
