namespace FinanceFlow.Core.MasterData;

/// <summary>Master data indexed for enrichment: lookups by entity and code, case-insensitive, no allocation per lookup.</summary>
/// <remarks>Immutable once built; a sync builds a new snapshot and swaps it in.</remarks>
public sealed class MasterDataSnapshot
{
    private readonly Dictionary<string, LegalEntity> _entities;
    private readonly Dictionary<EntityKey, Employee> _employees;
    private readonly Dictionary<EntityKey, CostCenter> _costCenters;
    private readonly Dictionary<EntityKey, Project> _projects;
    private readonly Dictionary<EntityKey, GlAccount> _accounts;
    private readonly Dictionary<EntityKey, TaxCode> _taxCodes;
    private readonly Dictionary<string, CurrencyRecord> _currencies;
    private readonly Dictionary<EntityKey, FxRate[]> _ratesByPair;
    private readonly HashSet<EntityKey> _parentAccounts;

    public MasterDataSnapshot(MasterDataSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        Set = set;
        _entities = Index(set.LegalEntities, e => e.Code);
        _employees = Index(set.Employees, e => new EntityKey(e.Entity, e.EmployeeId));
        _costCenters = Index(set.CostCenters, c => new EntityKey(c.Entity, c.Code));
        _projects = Index(set.Projects, p => new EntityKey(p.Entity, p.Code));
        _accounts = Index(set.GlAccounts, a => new EntityKey(a.Entity, a.Account));
        _taxCodes = Index(set.TaxCodes, t => new EntityKey(t.Entity, t.Code));
        _currencies = Index(set.Currencies, c => c.Code);
        _parentAccounts = ParentsOfActiveAccounts(set.GlAccounts);
        _ratesByPair = set.FxRates
            .Where(r => r.Active)
            .GroupBy(r => new EntityKey(r.From, r.To), EntityKey.Comparer)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Date).ToArray(), EntityKey.Comparer);
    }

    /// <summary>An empty snapshot: nothing synced yet.</summary>
    public static MasterDataSnapshot Empty { get; } = new(new MasterDataSet());

    /// <summary>The records this snapshot was built from.</summary>
    public MasterDataSet Set { get; }

    public LegalEntity? FindEntity(string code) => _entities.GetValueOrDefault(code);

    public Employee? FindEmployee(string entity, string employeeId) => _employees.GetValueOrDefault(new EntityKey(entity, employeeId));

    public CostCenter? FindCostCenter(string entity, string code) => _costCenters.GetValueOrDefault(new EntityKey(entity, code));

    public Project? FindProject(string entity, string code) => _projects.GetValueOrDefault(new EntityKey(entity, code));

    public GlAccount? FindAccount(string entity, string account) => _accounts.GetValueOrDefault(new EntityKey(entity, account));

    /// <summary>
    /// True when <paramref name="account"/> is an active GL account of the entity, or the parent of one: a sub-ledger control
    /// account such as <c>liabilities:employees</c>, whose postings go to <c>liabilities:employees:{employee}</c>.
    /// </summary>
    public bool IsActiveAccountOrParent(string entity, string account) =>
        FindAccount(entity, account) is { Active: true } || _parentAccounts.Contains(new EntityKey(entity, account));

    public TaxCode? FindTaxCode(string entity, string code) => _taxCodes.GetValueOrDefault(new EntityKey(entity, code));

    public CurrencyRecord? FindCurrency(string code) => _currencies.GetValueOrDefault(code);

    /// <summary>The latest active rate for the pair published on or before <paramref name="date"/> and at most <paramref name="maxAgeDays"/> before it.</summary>
    public FxRate? FindRate(string from, string to, DateOnly date, int maxAgeDays)
    {
        if (!_ratesByPair.TryGetValue(new EntityKey(from, to), out var rates))
        {
            return null;
        }

        // Binary search for the last rate dated on or before the date.
        int low = 0, high = rates.Length - 1, found = -1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (rates[mid].Date <= date)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found >= 0 && rates[found].Date.DayNumber >= date.DayNumber - maxAgeDays ? rates[found] : null;
    }

    private static HashSet<EntityKey> ParentsOfActiveAccounts(IReadOnlyList<GlAccount> accounts)
    {
        var parents = new HashSet<EntityKey>(EntityKey.Comparer);
        foreach (var account in accounts.Where(a => a.Active))
        {
            for (var colon = account.Account.IndexOf(':', StringComparison.Ordinal); colon > 0; colon = account.Account.IndexOf(':', colon + 1))
            {
                parents.Add(new EntityKey(account.Entity, account.Account[..colon]));
            }
        }

        return parents;
    }

    /// <summary>
    /// <see cref="FindRate"/> for the pair, else the reciprocal of the inverse pair's rate (rounded to 10 places, source marked
    /// <c>(inverse)</c>): publishers often quote one direction only. Null when neither is published within the age.
    /// </summary>
    public (decimal Rate, DateOnly Date, string Source)? FindRateEitherWay(string from, string to, DateOnly date, int maxAgeDays) =>
        FindRate(from, to, date, maxAgeDays) is { } direct ? (direct.Rate, direct.Date, direct.RateSource)
        : FindRate(to, from, date, maxAgeDays) is { Rate: > 0m } inverse ? (decimal.Round(1m / inverse.Rate, 10), inverse.Date, inverse.RateSource + " (inverse)")
        : null;

    // The last record wins for a duplicate key, as a later import row overrides an earlier one.
    private static Dictionary<string, T> Index<T>(IReadOnlyList<T> records, Func<T, string> key)
    {
        var index = new Dictionary<string, T>(records.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var record in records)
        {
            index[key(record)] = record;
        }

        return index;
    }

    private static Dictionary<EntityKey, T> Index<T>(IReadOnlyList<T> records, Func<T, EntityKey> key)
    {
        var index = new Dictionary<EntityKey, T>(records.Count, EntityKey.Comparer);
        foreach (var record in records)
        {
            index[key(record)] = record;
        }

        return index;
    }

    /// <summary>Two-part key compared case-insensitively without building a joined string.</summary>
    private readonly record struct EntityKey(string Scope, string Code)
    {
        public static readonly IEqualityComparer<EntityKey> Comparer = new KeyComparer();

        private sealed class KeyComparer : IEqualityComparer<EntityKey>
        {
            public bool Equals(EntityKey x, EntityKey y) =>
                string.Equals(x.Scope, y.Scope, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Code, y.Code, StringComparison.OrdinalIgnoreCase);

            public int GetHashCode(EntityKey obj) =>
                HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Scope), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Code));
        }
    }
}
