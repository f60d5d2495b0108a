using FinanceFlow.Connectors.Concur;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Workflows.CashAdvances;

/// <summary>Which reports pass the cash-advance check: decided in the orchestrator from what it holds, so other reports cost no extra activity.</summary>
public static class CashAdvanceCheck
{
    /// <summary>True for an expense report whose own journal credits a cash-advance clearing account (it applies an advance).</summary>
    public static bool Applies(ExpenseReport report, JournalEntry? sourceJournal) =>
        !ConcurCashAdvanceMapper.IsCashAdvance(report)
        && sourceJournal is not null
        && sourceJournal.Lines.Any(l => l.Role == AccountRole.CashAdvanceClearing && l.Credit > 0m);
}
