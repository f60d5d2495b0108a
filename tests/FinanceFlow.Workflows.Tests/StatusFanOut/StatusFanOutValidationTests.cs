using FinanceFlow.Core.Configuration;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.Extensions.Configuration;

namespace FinanceFlow.Workflows.Tests.StatusFanOut;

/// <summary>Bad fan-out settings stop start-up with a message naming the setting.</summary>
public sealed class StatusFanOutValidationTests
{
    [Fact]
    public void Validate_TopicWithoutServiceBusConnection_NamesBothSettings()
    {
        // Act
        var result = Validate(new StatusTargetSettings { Kind = StatusTargetKind.ServiceBusTopic });

        // Assert
        Assert.True(result.Failed);
        Assert.Contains("FinanceFlow:StatusFanOut:Targets:0 is a ServiceBusTopic, but neither ServiceBus:fullyQualifiedNamespace nor ServiceBus:connectionString is set.", result.Failures!);
    }

    [Fact]
    public void Validate_TopicWithNamespace_Succeeds()
    {
        // Act
        var result = Validate(new StatusTargetSettings { Kind = StatusTargetKind.ServiceBusTopic }, ("ServiceBus:fullyQualifiedNamespace", "ff.servicebus.windows.net"));

        // Assert
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_WebhookWithoutUrlOrSecretAndAQueueWithABadName_NamesEachSetting()
    {
        // Act
        var result = Validate(
            new StatusTargetSettings { Kind = StatusTargetKind.StorageQueue, QueueName = "Expense_Status" },
            new StatusTargetSettings { Kind = StatusTargetKind.Webhook, Url = "payroll.example/status", Secret = "hunter2" },
            new StatusTargetSettings());

        // Assert
        Assert.Equal(
            [
                "FinanceFlow:StatusFanOut:Targets:0:QueueName 'Expense_Status' is not a storage queue name (3-63 lowercase letters, digits and single hyphens).",
                "FinanceFlow:StatusFanOut:Targets:1:Url must be an absolute http(s) URL.",
                "FinanceFlow:StatusFanOut:Targets:1:Secret must be a Standard Webhooks secret: whsec_ followed by base64.",
                "FinanceFlow:StatusFanOut:Targets:2:Kind is required: ServiceBusTopic, StorageQueue or Webhook.",
            ],
            result.Failures!);
    }

    [Fact]
    public void Validate_WebhookWithUrlAndSecret_Succeeds()
    {
        // Act
        var result = Validate(new StatusTargetSettings { Kind = StatusTargetKind.Webhook, Url = "https://payroll.example/status", Secret = TestOptions.Secret });

        // Assert
        Assert.True(result.Succeeded);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(StatusTargetSettings target, params (string Key, string Value)[] settings) =>
        Validate([target], settings);

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(params StatusTargetSettings[] targets) => Validate(targets, []);

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(StatusTargetSettings[] targets, (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
        return new StatusFanOutValidation(configuration).Validate(null, new FinanceFlowOptions { StatusFanOut = new() { Targets = [.. targets] } });
    }
}
