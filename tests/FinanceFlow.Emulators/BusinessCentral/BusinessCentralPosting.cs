using System.Globalization;
using System.Text.Json.Nodes;

namespace FinanceFlow.Emulators.BusinessCentral;

/// <summary>The journal batch's post: checks every line (open period, unblocked account, balance per document), then all or nothing.</summary>
internal static class BusinessCentralPosting
{
    public static BusinessCentralAnswer PostJournal(BusinessCentralStore store, JsonObject journal, IReadOnlyList<JsonObject> lines)
    {
        if (lines.Count == 0)
        {
            return BusinessCentralStore.Error(400, "Application_DialogException", "There is nothing to post.");
        }

        var batch = BusinessCentralStore.Text(journal, "code");
        foreach (var line in lines)
        {
            if (Problem(store, BusinessCentralStore.Text(line, "accountNumber"), BusinessCentralStore.Text(line, "postingDate"), $"Gen. Journal Line Journal Template Name='GENERAL',Journal Batch Name='{batch}',Line No.='{line["lineNumber"]}'") is { } problem)
            {
                return problem;
            }
        }

        foreach (var document in lines.GroupBy(l => BusinessCentralStore.Text(l, "documentNumber")))
        {
            var balance = document.Sum(l => l["amount"]!.GetValue<decimal>());
            if (balance != 0m)
            {
                return BusinessCentralStore.Error(400, "Application_DialogException", string.Create(
                    CultureInfo.InvariantCulture,
                    $"Document No. {document.Key} is out of balance by {balance:0.00}. Please check that Posting Date, Document Type, Document No. and amount are correct for each line."));
            }
        }

        foreach (var document in lines.GroupBy(l => BusinessCentralStore.Text(l, "documentNumber")).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var line in document.OrderBy(l => l["lineNumber"]!.GetValue<int>()))
            {
                store.AddLedgerEntry(
                    BusinessCentralStore.Text(line, "postingDate"), document.Key, BusinessCentralStore.Text(line, "accountNumber"), BusinessCentralStore.Text(line, "description"), line["amount"]!.GetValue<decimal>());
            }

            store.CountPosted(document.Key);
        }

        store.RemoveJournalLines(lines);
        return new BusinessCentralAnswer(204, null);
    }

    /// <summary>Why a line cannot post: a blocked account or a posting date before the allowed range; null when it can.</summary>
    public static BusinessCentralAnswer? Problem(BusinessCentralStore store, string accountNumber, string postingDate, string where)
    {
        if (store.Account(accountNumber) is { } account && account["blocked"]!.GetValue<bool>())
        {
            return BusinessCentralStore.Error(400, "Application_FieldValidationException", $"Blocked must be equal to 'No'  in G/L Account: No.={accountNumber}. Current value is 'Yes'.");
        }

        var date = DateOnly.ParseExact(postingDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return date < store.AllowPostingFrom
            ? BusinessCentralStore.Error(400, "Application_FieldValidationException", $"Posting Date is not within your range of allowed posting dates in {where}.")
            : null;
    }
}
