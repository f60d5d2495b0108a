using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors.Erp;

/// <summary>Stops start-up when a ledger's settings cannot work (unknown kind, a missing setting, plain http or loopback outside Development), naming each key.</summary>
public sealed class ErpLedgersValidation(IConfiguration configuration, IEnumerable<IErpConnectorFactory> factories, IHostEnvironment? environment = null)
    : IValidateOptions<Hledger.HledgerLedgersOptions>
{
    public ValidateOptionsResult Validate(string? name, Hledger.HledgerLedgersOptions options)
    {
        var problems = ErpLedgers.Validate(configuration, factories, environment?.IsDevelopment() == true);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
