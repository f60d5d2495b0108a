namespace FinanceFlow.Core.MasterData;

/// <summary>Which account names of an ERP's chart of accounts become governed GL accounts.</summary>
public static class ChartOfAccounts
{
    /// <summary>
    /// The leaf accounts, in the order given: names no other listed name extends with <c>:</c>. hledger lists parents it
    /// only implies (<c>expenses</c> for <c>expenses:travel</c>); they group accounts and are not posted to, so they are
    /// left out. A top-level name without children (<c>equity</c>) is a leaf and is kept.
    /// </summary>
    public static IReadOnlyList<string> PostableAccounts(IEnumerable<string> names)
    {
        var distinct = names
            .Select(n => n.Trim())
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        var parents = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in distinct)
        {
            for (var colon = name.IndexOf(':', StringComparison.Ordinal); colon > 0; colon = name.IndexOf(':', colon + 1))
            {
                parents.Add(name[..colon]);
            }
        }

        return [.. distinct.Where(n => !parents.Contains(n))];
    }
}
