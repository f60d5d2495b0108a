using System.Globalization;
using FinanceFlow.Api.Http;
using FinanceFlow.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Api.Durable;

/// <summary>
/// <c>GET /runtime/webhooks/durabletask/instances</c> as Durable Functions answers it: <c>runtimeStatus</c> (comma list), <c>createdTimeFrom</c>,
/// <c>createdTimeTo</c> (ISO 8601), <c>instanceIdPrefix</c>, <c>showInput</c>, <c>top</c>; the page after the one before comes with the
/// <c>x-ms-continuation-token</c> request header, and a page that has more after it answers that header.
/// </summary>
public static class DurableInstanceQuery
{
    public const string ContinuationHeader = "x-ms-continuation-token";

    /// <summary>The largest page (and the page size while collecting every instance without <c>top</c>).</summary>
    public const int MaxTop = 1000;

    /// <summary>200 with an array of instance status bodies; 400 naming each bad parameter.</summary>
    public static async Task<IResult> ListAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var errors = new List<ProblemFieldError>();
        var statuses = Statuses(request.Query["runtimeStatus"].ToString(), errors);
        var from = Time(request, "createdTimeFrom", errors);
        var to = Time(request, "createdTimeTo", errors);
        int? top = null;
        if (request.Query.TryGetValue("top", out var topText))
        {
            if (int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxTop)
            {
                top = n;
            }
            else
            {
                errors.Add(new ProblemFieldError("top", $"top must be a whole number from 1 to {MaxTop}, not '{topText}'."));
            }
        }

        var showInput = false;
        if (request.Query.TryGetValue("showInput", out var showText) && !bool.TryParse(showText, out showInput))
        {
            errors.Add(new ProblemFieldError("showInput", $"showInput must be true or false, not '{showText}'."));
        }

        if (errors.Count > 0)
        {
            return Problems.InvalidQuery([.. errors]);
        }

        string? continuation = request.Headers[ContinuationHeader].ToString() is { Length: > 0 } header ? header : null;
        var query = new OrchestrationQuery
        {
            CreatedFrom = from,
            CreatedTo = to,
            Statuses = statuses,
            PageSize = top ?? MaxTop,
            FetchInputsAndOutputs = true,
            ContinuationToken = continuation,
            InstanceIdPrefix = request.Query["instanceIdPrefix"].ToString() is { Length: > 0 } prefix ? prefix : null,
        };
        var instances = new List<DurableInstanceStatus>();
        await foreach (var page in client.GetAllInstancesAsync(query).AsPages(continuation, query.PageSize).WithCancellation(ct))
        {
            instances.AddRange(page.Values.Select(m => DurableInstanceStatus.From(m, showInput)));
            continuation = page.ContinuationToken;
            if (top is not null || string.IsNullOrEmpty(continuation))
            {
                break; // With top: one page, and the header for the next. Without: every instance, as Durable Functions answers.
            }
        }

        if (top is not null && !string.IsNullOrEmpty(continuation))
        {
            request.HttpContext.Response.Headers[ContinuationHeader] = continuation;
        }

        return Results.Ok(instances);
    }

    private static List<OrchestrationRuntimeStatus>? Statuses(string text, List<ProblemFieldError> errors)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (name.All(char.IsAsciiLetter) && Enum.TryParse<OrchestrationRuntimeStatus>(name, ignoreCase: true, out var status) && Enum.IsDefined(status))
            {
                statuses.Add(status);
            }
            else
            {
                errors.Add(new ProblemFieldError("runtimeStatus", $"runtimeStatus must list {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}, not '{name}'."));
                return null;
            }
        }

        return statuses;
    }

    private static DateTimeOffset? Time(HttpRequest request, string name, List<ProblemFieldError> errors)
    {
        if (!request.Query.TryGetValue(name, out var text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        errors.Add(new ProblemFieldError(name, $"{name} must be an ISO 8601 time such as 2026-12-01T00:00:00Z, not '{text}'."));
        return null;
    }
}
