using FinanceFlow.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Functions.Http;

/// <summary>Management URLs from the Durable extension, which knows the public base URL and adds the system key.</summary>
public sealed class FunctionsManagementUrlFactory : IManagementUrlFactory
{
    public CheckStatusPayload Create(HttpRequest request, DurableTaskClient client, string instanceId)
    {
        var payload = client.CreateHttpManagementPayload(instanceId);
        return new CheckStatusPayload(
            payload.Id ?? instanceId,
            Required(payload.StatusQueryGetUri),
            Required(payload.SendEventPostUri),
            Required(payload.TerminatePostUri),
            Required(payload.PurgeHistoryDeleteUri));
    }

    private static string Required(string? uri) =>
        uri ?? throw new InvalidOperationException("The Durable extension did not provide the management URLs; is this running in the Functions host?");
}
