using FinanceFlow.Connectors.Concur;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Workflows.CashAdvances;

/// <summary>What is particular to cash advances in the pipeline (and in the preview, which must agree with it).</summary>
public static class CashAdvanceCheck
{
    private static readonly PolicySettings NoReceipts = new() { ReceiptRequiredAbove = 1_000_000_000m };

    /// <summary>
    /// The policy a report is checked against: a cash advance is cash handed out, not a claim, so no receipt backs it (the report
    /// that spends it carries them); every other rule holds.
    /// </summary>
    public static PolicySettings PolicyFor(ExpenseReport report, PolicySettings settings) =>
        ConcurCashAdvanceMapper.IsCashAdvance(report) ? NoReceipts : settings;

    /// <summary>Whether the orchestrator runs the issuance check: decided from what it holds, so other reports cost no extra activity.</summary>
    /// <remarks>True for an expense report whose own journal credits a cash-advance clearing account (it applies an advance).</remarks>
    public static bool Applies(ExpenseReport report, JournalEntry? sourceJournal) =>
        !ConcurCashAdvanceMapper.IsCashAdvance(report)
        && sourceJournal is not null
        && sourceJournal.Lines.Any(l => l.Role == AccountRole.CashAdvanceClearing && l.Credit > 0m);
}
