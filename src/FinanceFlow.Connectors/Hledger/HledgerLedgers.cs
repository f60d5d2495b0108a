using System.Collections.Concurrent;
using FinanceFlow.Connectors.Erp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors.Hledger;

/// <summary>
/// One <see cref="HledgerConnector"/> per ledger of kind <see cref="ErpKind.Hledger"/>, each with its own hledger-web and journal
/// file, and the default ledger (<c>FinanceFlow:Erp:Hledger</c>). <see cref="ErpLedgers"/> hands the other kinds to their factories.
/// </summary>
public sealed class HledgerLedgers(IServiceProvider services, IHttpClientFactory clients, IOptionsMonitor<HledgerLedgersOptions> options, ILoggerFactory loggers)
{
    public const string HttpClientName = "hledger-ledger";

    private readonly ConcurrentDictionary<string, HledgerOptions> _validated = new(StringComparer.OrdinalIgnoreCase);

    public IErpConnector For(string? ledger)
    {
        if (string.IsNullOrWhiteSpace(ledger))
        {
            return services.GetRequiredService<HledgerConnector>();
        }

        if (!options.CurrentValue.Ledgers.TryGetValue(ledger, out var settings))
        {
            throw new InvalidOperationException($"Ledger '{ledger}' is not configured: set {HledgerLedgersOptions.SectionName}:{ledger}:BaseUrl.");
        }

        var checkedSettings = _validated.GetOrAdd(ledger, _ => Validate(ledger, settings));
        var http = clients.CreateClient(HttpClientName);
        http.BaseAddress = new Uri(checkedSettings.BaseUrl.EndsWith('/') ? checkedSettings.BaseUrl : checkedSettings.BaseUrl + "/", UriKind.Absolute);
        http.Timeout = TimeSpan.FromSeconds(checkedSettings.TimeoutSeconds);
        return new HledgerConnector(http, Options.Create(checkedSettings), loggers.CreateLogger<HledgerConnector>(), ledger);
    }

    /// <summary>The default ledger and the named hledger ledgers <paramref name="names"/>, once per hledger-web they post to.</summary>
    public IReadOnlyList<ErpLedger> Distinct(IEnumerable<string> names)
    {
        var named = names.Order(StringComparer.OrdinalIgnoreCase).Select(name => (Name: name, Connector: (HledgerConnector)For(name)));
        var all = new[] { (Name: ErpLedger.DefaultName, Connector: (HledgerConnector)For(null)) }.Concat(named);
        return [.. all
            .GroupBy(l => l.Connector.Endpoint?.AbsoluteUri.TrimEnd('/').ToLowerInvariant() ?? l.Name, StringComparer.Ordinal)
            .Select(g => new ErpLedger([.. g.Select(l => l.Name)], g.First().Connector))];
    }

    private static HledgerOptions Validate(string ledger, HledgerOptions settings) =>
        Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? settings
            : throw new InvalidOperationException($"{HledgerLedgersOptions.SectionName}:{ledger}:BaseUrl '{settings.BaseUrl}' is not an http(s) URL.");
}
