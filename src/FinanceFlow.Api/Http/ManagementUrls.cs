using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Api.Http;

/// <summary>The Durable Functions check-status payload returned when a report is accepted.</summary>
public sealed record CheckStatusPayload(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string PurgeHistoryDeleteUri);

/// <summary>Builds the management URLs of an instance; the Functions app asks the Durable extension (which adds its keys), the self-host uses its own routes.</summary>
public interface IManagementUrlFactory
{
    CheckStatusPayload Create(HttpRequest request, DurableTaskClient client, string instanceId);
}

/// <summary>URLs under <c>/runtime/webhooks/durabletask/instances/{id}</c> of the host that took the request.</summary>
public sealed class RequestManagementUrlFactory : IManagementUrlFactory
{
    public CheckStatusPayload Create(HttpRequest request, DurableTaskClient client, string instanceId)
    {
        var instance = $"{request.Scheme}://{request.Host}{request.PathBase}/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(instanceId)}";
        return new CheckStatusPayload(
            instanceId,
            instance,
            instance + "/raiseEvent/{eventName}",
            instance + "/terminate?reason={text}",
            instance);
    }
}
