using FinanceFlow.Workflows.Http;
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
        return new CheckStatusPayload(payload.Id, payload.StatusQueryGetUri, payload.SendEventPostUri, payload.TerminatePostUri, payload.PurgeHistoryDeleteUri);
    }
}
