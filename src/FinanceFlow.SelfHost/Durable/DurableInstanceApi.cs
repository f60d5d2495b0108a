using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.SelfHost.Durable;

/// <summary>The Durable Functions-compatible instance API (status, raise event, terminate, purge) over any <see cref="DurableTaskClient"/>.</summary>
public static class DurableInstanceApi
{
    public const string InstancesRoute = "/runtime/webhooks/durabletask/instances";

    public static IEndpointRouteBuilder MapDurableInstanceApi(this IEndpointRouteBuilder app)
    {
        var instances = app.MapGroup(InstancesRoute);
        instances.MapGet("/{instanceId}", GetStatusAsync);
        instances.MapPost("/{instanceId}/raiseEvent/{eventName}", RaiseEventAsync);
        instances.MapPost("/{instanceId}/terminate", TerminateAsync);
        instances.MapDelete("/{instanceId}", PurgeAsync);
        return app;
    }

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

        JsonElement? payload;
        try
        {
            payload = request.ContentLength == 0 ? null : await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: ct);
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
