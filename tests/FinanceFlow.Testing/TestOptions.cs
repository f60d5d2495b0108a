using FinanceFlow.Core.Configuration;

namespace FinanceFlow.Testing;

/// <summary>FinanceFlow options with a webhook secret for the canonical and Concur sources.</summary>
public static class TestOptions
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public static StaticOptions<FinanceFlowOptions> FinanceFlow() => new(new FinanceFlowOptions
    {
        Sources = new(StringComparer.OrdinalIgnoreCase)
        {
            ["canonical"] = new SourceSettings { WebhookSecret = Secret },
            ["concur"] = new SourceSettings { WebhookSecret = Secret },
        },
    });
}
