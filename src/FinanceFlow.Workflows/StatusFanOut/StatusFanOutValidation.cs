using System.Text.RegularExpressions;
using FinanceFlow.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.StatusFanOut;

/// <summary>Checks <c>FinanceFlow:StatusFanOut:Targets</c> at start, naming each bad setting, so a run never learns of it from a failed publish.</summary>
public sealed partial class StatusFanOutValidation(IConfiguration configuration) : IValidateOptions<FinanceFlowOptions>
{
    public ValidateOptionsResult Validate(string? name, FinanceFlowOptions options)
    {
        var errors = new List<string>();
        var targets = options.StatusFanOut.Targets;
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            var setting = $"{FinanceFlowOptions.SectionName}:StatusFanOut:Targets:{i}";
            switch (target.Kind)
            {
                case null:
                    errors.Add($"{setting}:Kind is required: ServiceBusTopic, StorageQueue or Webhook.");
                    break;
                case StatusTargetKind.ServiceBusTopic when !HasServiceBus():
                    errors.Add($"{setting} is a ServiceBusTopic, but neither ServiceBus:fullyQualifiedNamespace nor ServiceBus:connectionString is set.");
                    break;
                case StatusTargetKind.ServiceBusTopic when !EntityName().IsMatch(target.TopicName):
                    errors.Add($"{setting}:TopicName '{target.TopicName}' is not a Service Bus topic name.");
                    break;
                case StatusTargetKind.StorageQueue when !QueueName().IsMatch(target.QueueName):
                    errors.Add($"{setting}:QueueName '{target.QueueName}' is not a storage queue name (3-63 lowercase letters, digits and single hyphens).");
                    break;
                case StatusTargetKind.Webhook:
                    if (!Uri.TryCreate(target.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
                    {
                        errors.Add($"{setting}:Url must be an absolute http(s) URL.");
                    }

                    if (target.Secret is not { Length: > 6 } secret || !secret.StartsWith("whsec_", StringComparison.Ordinal)
                        || !Convert.TryFromBase64String(secret[6..], new byte[secret.Length], out _))
                    {
                        errors.Add($"{setting}:Secret must be a Standard Webhooks secret: whsec_ followed by base64.");
                    }

                    if (target.TimeoutSeconds is < 1 or > 300)
                    {
                        errors.Add($"{setting}:TimeoutSeconds must be 1-300.");
                    }

                    break;
            }

            if (target.MaxAttempts is < 1 or > 100 || target.FirstRetrySeconds is < 0.1 or > 3600 || target.BackoffCoefficient is < 1 or > 10 || target.MaxRetrySeconds < target.FirstRetrySeconds)
            {
                errors.Add($"{setting}: MaxAttempts must be 1-100, FirstRetrySeconds 0.1-3600, BackoffCoefficient 1-10 and MaxRetrySeconds at least FirstRetrySeconds.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private bool HasServiceBus()
    {
        var section = configuration.GetSection(Infrastructure.ServiceCollectionExtensions.ServiceBusSettingName);
        return !string.IsNullOrWhiteSpace(section["connectionString"]) || !string.IsNullOrWhiteSpace(section["fullyQualifiedNamespace"]);
    }

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex QueueName();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._/-]{0,259}$")]
    private static partial Regex EntityName();
}
