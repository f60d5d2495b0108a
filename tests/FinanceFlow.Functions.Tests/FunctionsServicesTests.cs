using FinanceFlow.Api;
using FinanceFlow.Workflows;
using FinanceFlow.Workflows.Intake.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FinanceFlow.Functions.Tests;

/// <summary>The Functions host's services, composed as Program.cs composes them.</summary>
public sealed class FunctionsServicesTests
{
    [Fact]
    public void ServiceBusIntake_InTheFunctionsHost_RelaysToTheQueueTriggerInsteadOfStartingRuns()
    {
        using var provider = Compose();

        Assert.IsType<RelayDispatch>(provider.GetRequiredService<IIntakeDispatch>());
        Assert.IsType<StorageQueueIntakeRelay>(provider.GetRequiredService<IIntakeRelay>());
        Assert.Single(provider.GetServices<IHostedService>().OfType<ServiceBusIntakeProcessor>());
        // The Storage Queue listener is the self-host's; here the [QueueTrigger] reads that queue, the one the relay writes to.
        Assert.Empty(provider.GetServices<IHostedService>().OfType<QueueIntakeListener>());
        Assert.Equal(Messaging.IntakeQueueFunctions.QueueName, provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageQueueIntakeOptions>>().Value.QueueName);
    }

    [Fact]
    public async Task ServiceBusIntake_EnabledWithoutANamespace_StopsTheHostNamingTheSettings()
    {
        using var provider = Compose(("FinanceFlow:Messaging:ServiceBus:Enabled", "true"));
        var processor = provider.GetServices<IHostedService>().OfType<ServiceBusIntakeProcessor>().Single();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => processor.StartAsync(CancellationToken.None));

        Assert.Contains("ServiceBus:fullyQualifiedNamespace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryFunctionClass_ResolvesFromTheFunctionsHostsServices()
    {
        using var provider = Compose();
        using var scope = provider.CreateScope();
        var classes = typeof(Http.ApiFunction).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetMethods().Any(m => m.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.FunctionAttribute), false).Length > 0))
            .ToList();

        Assert.Contains(typeof(Http.OperationsFunctions), classes);
        Assert.All(classes, type => Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type)));
    }

    [Theory]
    [InlineData("FinanceFlow:PostingRetry:MaxAttempts", "0")]
    [InlineData("FinanceFlow:Policy:ReceiptRequiredAbove", "-5")]
    [InlineData("FinanceFlow:Sources:expensify:Integration:RateLimits:ShortWindowPermits", "0")]
    public void Startup_NestedSettingOutOfRange_FailsNamingTheSetting(string setting, string value)
    {
        using var provider = Compose((setting, value));

        var validators = provider.GetServices<Microsoft.Extensions.Options.IStartupValidator>().ToList();
        var error = Assert.ThrowsAny<Microsoft.Extensions.Options.OptionsValidationException>(() => validators.ForEach(v => v.Validate()));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Compose(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" })
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);

        // What the Functions host itself provides.
        services.AddSingleton(Moq.Mock.Of<IHostEnvironment>(e => e.ContentRootPath == Path.GetTempPath()));
        services.AddFinanceFlowWorkflows(configuration);
        services.AddFinanceFlowApi();
        services.AddFinanceFlowFunctions();
        return services.BuildServiceProvider();
    }
}
