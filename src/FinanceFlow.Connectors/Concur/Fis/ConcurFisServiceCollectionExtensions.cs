using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using FinanceFlow.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>Registers the Concur Financial Integration Service client and the event signature check.</summary>
public static class ConcurFisServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ConcurFisOptions"/> and <see cref="ConcurEventSignatureOptions"/> (validated on start), <see cref="ConcurTokenProvider"/> with its <see cref="IConcurTokenStore"/>, <see cref="ConcurFisClient"/> and <see cref="ConcurEventSignature"/>.</summary>
    public static IServiceCollection AddConcurFis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConcurFisOptions>()
            .BindConfiguration(ConcurFisOptions.SectionName)
            .ValidateSettings(ConcurFisOptions.SectionName);

        // EventPublicKeys is one PEM (an environment variable) or a list (EventPublicKeys:0, :1… during a key rollover).
        services.AddOptions<ConcurEventSignatureOptions>()
            .Configure(o =>
            {
                o.VerifyEventSignature = configuration.GetValue<bool>($"{ConcurEventSignatureOptions.SectionName}:{nameof(ConcurEventSignatureOptions.VerifyEventSignature)}");
                var keys = configuration.GetSection($"{ConcurEventSignatureOptions.SectionName}:{ConcurEventSignatureOptions.KeyName}");
                var values = keys.Value is { Length: > 0 } single ? [single] : keys.GetChildren().Select(c => c.Value);
                foreach (var pem in values.Where(v => !string.IsNullOrWhiteSpace(v)))
                {
                    o.EventPublicKeys.Add(pem!);
                }
            })
            .ValidateSettings(ConcurEventSignatureOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConcurTokenProvider>();

        // Key Vault when its address is set (Azure, managed identity), else the protected local store (self-host).
        services.TryAddSingleton<IConcurTokenStore>(provider =>
        {
            var store = provider.GetRequiredService<IOptions<ConcurFisOptions>>().Value.TokenStore;
            return string.IsNullOrWhiteSpace(store.KeyVaultUri)
                ? ActivatorUtilities.CreateInstance<ProtectedFileConcurTokenStore>(provider)
                : new KeyVaultConcurTokenStore(new SecretClient(new Uri(store.KeyVaultUri), new DefaultAzureCredential()), store.SecretName);
        });
        services.TryAddSingleton<ConcurEventSignature>();

        services.AddHttpClient(ConcurTokenProvider.HttpClientName, (provider, client) =>
            client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<ConcurFisOptions>>().Value.TimeoutSeconds));

        // No resilience handler: the Durable RetryPolicy on the calling activity is the one retry layer (see ConcurFisClient).
        services.AddHttpClient<ConcurFisClient>((provider, client) =>
            client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<ConcurFisOptions>>().Value.TimeoutSeconds));
        return services;
    }
}
