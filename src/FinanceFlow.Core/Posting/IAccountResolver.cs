using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Posting;

/// <summary>Names the ledger account a journal line of a role posts to.</summary>
/// <remarks>Configured templates (<see cref="AccountMap"/>) or governed mappings per entity (enrichment) implement it.</remarks>
public interface IAccountResolver
{
    /// <param name="line">The expense line the journal line comes from; null for report-level lines (payables).</param>
    string Resolve(AccountRole role, ExpenseLine? line, string employeeId);
}
