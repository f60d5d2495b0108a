using System.Text.Json;
using FinanceFlow.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Api.Durable;

/// <summary>
/// The Durable Functions-compatible instance API (status, raise event, terminate, purge) over any <see cref="DurableTaskClient"/>. The
/// self-host serves it; in the Functions app the Durable extension serves its own under the same routes.
/// </summary>
public static class DurableManagementEndpoints
{
    /// <summary>The Durable extension's HTTP API root; the instance routes are below it under <c>instances</c>.</summary>
    public const string Root = "/runtime/webhooks/durabletask";

    public const string InstancesRoute = Root + "/instances";

    /// <summary>200 Completed, 202 still running (with Location), 400 Failed/Terminated, 404 unknown.</summary>
    public static async Task<IResult> GetStatusAsync(HttpRequest request, string instanceId, DurableTaskClient client, CancellationToken ct)
    {
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct);
        if (metadata is null)
        {
            return Results.NotFound();
        }

        var showInput = !bool.TryParse(request.Query["showInput"], out var show) || show;
        var body = DurableInstanceStatus.From(metadata, showInput);
        if (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
        {
            return Results.Ok(body);
        }

        // Failed and Terminated: finished, but not successfully.
        return metadata.IsCompleted ? Results.BadRequest(body) : Results.Accepted(StatusUrl(request), body);
    }

    private static string StatusUrl(HttpRequest request) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";

    /// <summary>202 delivered, 400 body is not JSON, 404 unknown, 410 instance already finished.</summary>
    public static async Task<IResult> RaiseEventAsync(HttpRequest request, string instanceId, string eventName, DurableTaskClient client, CancellationToken ct)
    {
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct);
        if (metadata is null)
        {
            return Results.NotFound();
        }

        if (metadata.IsCompleted)
        {
            return Results.StatusCode(StatusCodes.Status410Gone);
        }

        var body = RequestBody.Of(request);
        JsonElement? payload;
        try
        {
            payload = body.Length == 0 ? null : JsonSerializer.Deserialize<JsonElement>(body);
        }
        catch (JsonException ex)
        {
            return Results.Problem(title: "The event body is not valid JSON.", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        await client.RaiseEventAsync(instanceId, eventName, payload, ct);
        return Results.Accepted();
    }

    /// <summary>202 terminating, 404 unknown, 410 instance already finished.</summary>
    public static async Task<IResult> TerminateAsync(HttpRequest request, string instanceId, DurableTaskClient client, CancellationToken ct)
    {
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct);
        if (metadata is null)
        {
            return Results.NotFound();
        }

        if (metadata.IsCompleted)
        {
            return Results.StatusCode(StatusCodes.Status410Gone);
        }

        string? reason = request.Query["reason"];
        await client.TerminateInstanceAsync(instanceId, reason, ct);
        return Results.Accepted();
    }

    /// <summary>200 with the number of deleted instances, 404 when there was none.</summary>
    public static async Task<IResult> PurgeAsync(string instanceId, DurableTaskClient client, CancellationToken ct)
    {
        var result = await client.PurgeInstanceAsync(instanceId, cancellation: ct);
        var body = new Dictionary<string, int> { ["instancesDeleted"] = result.PurgedInstanceCount };
        return result.PurgedInstanceCount == 0 ? Results.NotFound(body) : Results.Ok(body);
    }
}
