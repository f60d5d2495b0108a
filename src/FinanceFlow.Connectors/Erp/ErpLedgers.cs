using System.Collections.Concurrent;
using FinanceFlow.Connectors.Hledger;
using Microsoft.Extensions.Configuration;

namespace FinanceFlow.Connectors.Erp;

/// <summary>
/// The ledgers FinanceFlow posts to, each with the ERP its <c>FinanceFlow:Erp:Ledgers:{ledger}:Kind</c> names (hledger when not
/// set); the default ledger (entities that name none) is hledger at <c>FinanceFlow:Erp:Hledger</c>. Connectors of the other kinds
/// are built once per ledger by their <see cref="IErpConnectorFactory"/> and reused, so their tokens are cached.
/// </summary>
public sealed class ErpLedgers(HledgerLedgers hledger, IEnumerable<IErpConnectorFactory> factories, IConfiguration configuration) : IErpLedgers
{
    public const string SectionName = HledgerLedgersOptions.SectionName;

    private readonly Dictionary<ErpKind, IErpConnectorFactory> _factories = ByKind(factories);
    private readonly ConcurrentDictionary<string, IErpConnector> _connectors = new(StringComparer.OrdinalIgnoreCase);

    public bool IsConfigured(string? ledger) => string.IsNullOrWhiteSpace(ledger) || Section(ledger).Exists();

    public IErpConnector For(string? ledger)
    {
        if (string.IsNullOrWhiteSpace(ledger))
        {
            return hledger.For(null);
        }

        var section = Section(ledger);
        if (!section.Exists())
        {
            throw new InvalidOperationException($"Ledger '{ledger}' is not configured: set {SectionName}:{ledger}:Kind and its settings.");
        }

        var kind = KindOf(ledger, section);
        if (kind == ErpKind.Hledger)
        {
            return hledger.For(ledger);
        }

        // Named as configured (master data may write the ledger in another case).
        return _connectors.GetOrAdd(ledger, _ =>
        {
            var name = configuration.GetSection(SectionName).GetChildren().First(c => string.Equals(c.Key, ledger, StringComparison.OrdinalIgnoreCase)).Key;
            return Factory(name, kind).Create(name, Section(name));
        });
    }

    public IReadOnlyList<ErpLedger> Distinct()
    {
        var ledgers = configuration.GetSection(SectionName).GetChildren().Select(s => (Name: s.Key, Section: s, Kind: KindOf(s.Key, s))).ToList();
        var local = hledger.Distinct(ledgers.Where(l => l.Kind == ErpKind.Hledger).Select(l => l.Name));

        // Ledgers of one ERP company (same kind, address and company) are one set of books: read back once.
        var remote = ledgers
            .Where(l => l.Kind != ErpKind.Hledger)
            .OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase)
            .GroupBy(l => BooksKey(l.Kind, l.Section), StringComparer.OrdinalIgnoreCase)
            .Select(g => new ErpLedger([.. g.Select(l => l.Name)], (IErpLedgerReader)For(g.First().Name)));
        return [.. local, .. remote];
    }

    /// <summary>Every problem with the configured ledgers, each naming its key; checked at start-up.</summary>
    /// <param name="development">True in the Development environment (emulators on plain http and loopback are allowed).</param>
    public static IReadOnlyList<string> Validate(IConfiguration configuration, IEnumerable<IErpConnectorFactory> factories, bool development)
    {
        var byKind = ByKind(factories);
        var problems = new List<string>();
        foreach (var section in configuration.GetSection(SectionName).GetChildren())
        {
            var kindText = section[nameof(ErpConnectionOptions.Kind)];
            if (!TryParseKind(kindText, out var kind))
            {
                problems.Add($"{SectionName}:{section.Key}:Kind '{kindText}' is not one of {string.Join(", ", Enum.GetNames<ErpKind>())}.");
                continue;
            }

            if (kind == ErpKind.Hledger)
            {
                continue;
            }

            if (!byKind.TryGetValue(kind, out var factory))
            {
                problems.Add($"{SectionName}:{section.Key}:Kind is {kind}, but this host has no {kind} connector registered.");
                continue;
            }

            problems.AddRange(factory.Validate(section.Key, section, development));
        }

        return problems;
    }

    /// <summary>One factory per kind: the first registered wins, so a host (or a test) can put its own before <c>AddFinanceFlowConnectors</c>.</summary>
    private static Dictionary<ErpKind, IErpConnectorFactory> ByKind(IEnumerable<IErpConnectorFactory> factories) =>
        factories.GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.First());

    private IConfigurationSection Section(string ledger) => configuration.GetSection($"{SectionName}:{ledger}");

    private IErpConnectorFactory Factory(string ledger, ErpKind kind) =>
        _factories.TryGetValue(kind, out var factory)
            ? factory
            : throw new InvalidOperationException($"{SectionName}:{ledger}:Kind is {kind}, but this host has no {kind} connector registered.");

    private static ErpKind KindOf(string ledger, IConfigurationSection section) =>
        TryParseKind(section[nameof(ErpConnectionOptions.Kind)], out var kind)
            ? kind
            : throw new InvalidOperationException($"{SectionName}:{ledger}:Kind '{section[nameof(ErpConnectionOptions.Kind)]}' is not one of {string.Join(", ", Enum.GetNames<ErpKind>())}.");

    private static bool TryParseKind(string? text, out ErpKind kind)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            kind = ErpKind.Hledger;
            return true;
        }

        return Enum.TryParse(text.Trim(), ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _);
    }

    private static string BooksKey(ErpKind kind, IConfigurationSection section) =>
        string.Join('|', kind, section[nameof(ErpConnectionOptions.BaseUrl)]?.TrimEnd('/'), section["CompanyId"], section["CompanyCode"], section["AccountId"], section["Subsidiary"]);
}
