using System.Globalization;
using FinanceFlow.Chaos;

// dotnet run --project tests/FinanceFlow.Chaos -c Release -- [--reports 300] [--kills 3] [--outages 2] [--erp-faults 0.3] [--seed 12]
// Builds nothing itself: build the solution in Release first (the self-host it starts is src/FinanceFlow.SelfHost's build output).
var settings = new ChaosSettings();
for (var i = 0; i + 1 < args.Length; i += 2)
{
    var value = args[i + 1];
    settings = args[i] switch
    {
        "--reports" => settings with { Reports = int.Parse(value, CultureInfo.InvariantCulture) },
        "--kills" => settings with { Kills = int.Parse(value, CultureInfo.InvariantCulture) },
        "--outages" => settings with { Outages = int.Parse(value, CultureInfo.InvariantCulture) },
        "--erp-faults" => settings with { ErpFaultRate = double.Parse(value, CultureInfo.InvariantCulture) },
        "--seed" => settings with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
        _ => throw new ArgumentException($"Unknown option {args[i]}; use --reports, --kills, --outages, --erp-faults, --seed."),
    };
}

var result = await new ChaosRun(settings, Console.Out).RunAsync(CancellationToken.None);
Console.WriteLine(result);
return result.Passed ? 0 : 1;
