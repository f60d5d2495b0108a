using FinanceFlow.Connectors;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Integration.Tests.Hledger;

/// <summary>The payment sync's read of an hledger ledger: payment transactions that name a report's reference, on a real hledger.</summary>
[Trait("Category", "Integration")]
public sealed class HledgerPaymentsTests(HledgerWebProcess hledger) : IClassFixture<HledgerWebProcess>
{
    private static readonly DateOnly Since = new(2026, 12, 1);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ListPaymentsAsync_PaymentTransactionsTagged_ReadWithIdReferenceDateAmountAndCurrency(bool withJournal)
    {
        // Arrange: a posting, a part payment, the rest, and one paid before the watermark.
        var unique = Unique();
        var reference = $"FF-CONCUR-{unique}";
        await AppendAsync(
            $"2026-12-01 ({reference}) Concur report  ; source:financeflow, ref:{reference}\n    expenses:meals  USD 87.50\n    liabilities:employee:{unique}\n\n"
            + $"2026-12-05 (PAY-{unique}-1) Payment run 41  ; financeflow-ref:{reference}\n    liabilities:employee:{unique}  USD 50.00\n    assets:bank:operating\n\n"
            + $"2026-12-06 (PAY-{unique}-2) Payment run 42  ; financeflow-ref:{reference}\n    liabilities:employee:{unique}  USD 37.50\n    assets:bank:operating  USD -37.50\n\n"
            + $"2026-11-30 (PAY-{unique}-0) Payment run 40  ; financeflow-ref:{reference}\n    liabilities:employee:{unique}  USD 1.00\n    assets:bank:operating\n");
        var payments = (IErpPayments)Connector(withJournal);

        // Act
        var read = await WaitFor.ResultAsync(() => payments.ListPaymentsAsync(Since, CancellationToken.None), r => r.Payments.Any(p => p.Reference == reference), HledgerReadTimeout);

        // Assert
        Assert.Equal(
            [new ErpPayment($"PAY-{unique}-1", reference, new DateOnly(2026, 12, 5), 50.00m, "USD"), new ErpPayment($"PAY-{unique}-2", reference, new DateOnly(2026, 12, 6), 37.50m, "USD")],
            read.Payments.Where(p => p.Reference == reference).OrderBy(p => p.PaymentId, StringComparer.Ordinal));
        Assert.DoesNotContain(read.Problems, p => p.Contains(unique, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListPaymentsAsync_TaggedButNotAPayment_NamedAsProblemsNotRead()
    {
        // Arrange: no code, a code that is a posting's, two currencies, a symbol for a currency.
        var unique = Unique();
        var reference = $"FF-EXPENSIFY-{unique}";
        await AppendAsync(
            $"2026-12-05 Payment without code  ; financeflow-ref:{reference}\n    liabilities:employee:{unique}  USD 5.00\n    assets:bank:operating\n\n"
            + $"2026-12-05 (FF-X-{unique}) Payment with a posting code  ; financeflow-ref:{reference}\n    liabilities:employee:{unique}  USD 5.00\n    assets:bank:operating\n\n"
            + $"2026-12-05 (PAY-{unique}-M) Payment in two currencies  ; financeflow-ref:{reference}\n    liabilities:employee:{unique}  USD 5.00\n    liabilities:employee:{unique}  EUR 5.00\n    assets:bank:operating  USD -5.00\n    assets:bank:operating  EUR -5.00\n\n"
            + $"2026-12-05 (PAY-{unique}-S) Payment in dollars sign  ; financeflow-ref:{reference}\n    liabilities:employee:{unique}  $5.00\n    assets:bank:operating\n");

        // Act
        var read = await ((IErpPayments)Connector(withJournal: true)).ListPaymentsAsync(Since, CancellationToken.None);

        // Assert
        Assert.DoesNotContain(read.Payments, p => p.Reference == reference);
        var mine = read.Problems.Where(p => p.Contains(reference, StringComparison.Ordinal)).ToList();
        Assert.Equal(4, mine.Count);
        Assert.Contains(mine, p => p.Contains("has no code", StringComparison.Ordinal));
        Assert.Contains(mine, p => p.Contains($"has code FF-X-{unique}", StringComparison.Ordinal));
        Assert.Contains(mine, p => p.Contains($"(PAY-{unique}-M) must debit one ISO 4217 currency", StringComparison.Ordinal));
        Assert.Contains(mine, p => p.Contains($"(PAY-{unique}-S) must debit one ISO 4217 currency", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListPaymentsAsync_JournalNotWrittenYet_NoPayments()
    {
        var settings = new Dictionary<string, string?>
        {
            ["FinanceFlow:Erp:Hledger:BaseUrl"] = hledger.BaseUrl,
            ["FinanceFlow:Erp:Hledger:JournalPath"] = Path.Combine(Path.GetTempPath(), "financeflow-missing-" + Unique(), "ledger.journal"),
        };
        using var provider = Build(settings);

        var read = await ((IErpPayments)provider.GetRequiredService<IErpConnector>()).ListPaymentsAsync(Since, CancellationToken.None);

        Assert.Equal((0, 0), (read.Payments.Count, read.Problems.Count));
    }

    private IErpConnector Connector(bool withJournal)
    {
        var settings = new Dictionary<string, string?> { ["FinanceFlow:Erp:Hledger:BaseUrl"] = hledger.BaseUrl };
        if (withJournal)
        {
            settings["FinanceFlow:Erp:Hledger:JournalPath"] = hledger.JournalPath;
        }

        return Build(settings).GetRequiredService<IErpConnector>();
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFinanceFlowConnectors(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Appended by hand, as finance books a payment run in the ledger; the journal must still parse.</summary>
    private async Task AppendAsync(string transactions)
    {
        await File.AppendAllTextAsync(hledger.JournalPath, "\n" + transactions);
        var check = await hledger.RunHledgerAsync("check");
        Assert.True(check.ExitCode == 0, check.StdErr);
    }


    // hledger-web re-reads its file lazily (reference/hledger NOTES, behaviour 3).
    private static readonly TimeSpan HledgerReadTimeout = TimeSpan.FromSeconds(15);

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];
}
