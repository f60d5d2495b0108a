using System.Globalization;
using BenchmarkDotNet.Attributes;
using FinanceFlow.Core.Reconciliation;

namespace FinanceFlow.Benchmarks;

/// <summary>
/// The comparison step of the nightly reconciliation: N postings against a ledger holding the same N transactions (one in a
/// thousand edited, missing or duplicated, so findings are built too). Run:
/// <c>dotnet run -c Release --project tests/FinanceFlow.Benchmarks -- --filter '*Reconciliation*'</c>. Reading the ledger back is
/// timed separately (docs/benchmarks.md).
/// </summary>
[MemoryDiagnoser]
public class ReconciliationBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 1, 30, 0, TimeSpan.Zero);
    private List<ErpLedgerTransaction> _erp = [];
    private List<RecordedPosting> _recorded = [];

    [Params(10_000, 100_000)]
    public int Postings { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _erp = [];
        _recorded = [];
        for (var i = 0; i < Postings; i++)
        {
            var reference = string.Create(CultureInfo.InvariantCulture, $"FF-CANONICAL-R-{i:D7}");
            var amount = 10m + (i % 997) + 0.35m;
            _recorded.Add(new RecordedPosting(reference, "us01", true, reference, "expense:canonical:R:v1", Now.AddDays(-1), Now.AddDays(-1), "USD", amount));
            switch (i % 1000)
            {
                case 1:
                    continue; // missing in the ledger
                case 2:
                    amount += 0.01m; // edited in the ERP
                    break;
                case 3:
                    _erp.Add(Transaction(reference, amount)); // copied by hand
                    break;
            }

            _erp.Add(Transaction(reference, amount));
        }
    }

    [Benchmark]
    public int Reconcile() => LedgerReconciliation.Reconcile("us01", _erp, _recorded, Now, TimeSpan.FromMinutes(15)).Findings.Count;

    private static ErpLedgerTransaction Transaction(string reference, decimal amount) =>
        new(reference, new DateOnly(2026, 11, 26), "report", new Dictionary<string, decimal> { ["USD"] = amount });
}
