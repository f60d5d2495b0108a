using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Workflows.Cards;

/// <summary>Registers the card feed: batch admission and the batch view (the activities come from the catalog).</summary>
public static class CardsServiceCollectionExtensions
{
    public static IServiceCollection AddCards(this IServiceCollection services)
    {
        services.AddScoped<CardBatchAdmission>();
        services.AddScoped<CardBatchQuery>();
        return services;
    }
}
