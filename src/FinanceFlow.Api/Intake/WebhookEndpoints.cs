using FinanceFlow.Api.Http;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Workflows.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Api.Intake;

/// <summary>Expense-platform webhooks: the signed delivery goes to <see cref="WebhookIntake"/>; the answer names the run it started or found.</summary>
public static class WebhookEndpoints
{
    /// <summary><c>POST /api/v1/webhooks/{source}</c>: 202 a run started, 200 the version is known (or the event starts nothing).</summary>
    public static async Task<IResult> ReceiveAsync(
        HttpRequest request,
        string source,
        [FromServices] WebhookAuthentication authentication,
        [FromServices] WebhookIntake intake,
        [FromServices] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        var body = RequestBody.Of(request);
        if (authentication.Refuse(request, source, body) is { } refused)
        {
            return refused;
        }

        source = source.ToLowerInvariant();
        var caller = CallerIdentity.Of(request);
        var actor = caller is CallerIdentity.Anonymous ? CallerIdentity.Webhook(source) : caller;
        var answer = await intake.ReceiveAsync(source, request.Headers[StandardWebhook.IdHeader].ToString(), body, actor, client, cancellationToken);
        if (answer.Refusal is { } refusal)
        {
            return Problems.From(refusal);
        }

        var receipt = answer.Value!;
        return receipt.Admission is { } admission
            ? Results.Json(
                RunAnswer.For(request, admission.Report, admission.InstanceId),
                FinanceFlowJson.Options,
                statusCode: admission.Started ? StatusCodes.Status202Accepted : StatusCodes.Status200OK)
            : Results.Json(receipt.Notice, FinanceFlowJson.Options);
    }
}
