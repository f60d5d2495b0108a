using FinanceFlow.SelfHost.Engine;
using FinanceFlow.Workflows.Catalog;
using Microsoft.DurableTask;

namespace FinanceFlow.SelfHost.Tests;

public sealed record Ping(string Text, decimal Amount);

/// <summary>Tiny orchestrations that exercise the engine the way the real workflow does: records in and out, fan-out, events, failures.</summary>
public static class TestWorkflows
{
    public const string Echo = nameof(Echo);
    public const string EchoText = nameof(EchoText);
    public const string FanOut = nameof(FanOut);
    public const string AwaitApproval = nameof(AwaitApproval);
    public const string Fail = nameof(Fail);
    public const string Shout = nameof(Shout);
    public const string Double = nameof(Double);
    public const string ApprovalEvent = "Approval";

    public static SelfHostCatalog Catalog { get; } = new(
        [
            new(Echo, () => FuncTaskOrchestrator.Create<Ping, Ping>(
                async (context, input) => await context.CallActivityAsync<Ping>(Shout, input))),
            new(EchoText, () => FuncTaskOrchestrator.Create<string, string>(
                (_, input) => Task.FromResult(input))),
            new(FanOut, () => FuncTaskOrchestrator.Create<int, decimal>(async (context, count) =>
            {
                var tasks = Enumerable.Range(1, count).Select(i => context.CallActivityAsync<decimal>(Double, (decimal)i));
                return (await Task.WhenAll(tasks)).Sum();
            })),
            new(AwaitApproval, () => FuncTaskOrchestrator.Create<Ping, Ping>(async (context, input) =>
            {
                context.SetCustomStatus("waiting");
                var approval = await context.WaitForExternalEvent<Ping>(ApprovalEvent);
                context.SetCustomStatus("approved");
                return input! with { Text = input.Text + "+" + approval.Text, Amount = input.Amount + approval.Amount };
            })),
            new(Fail, () => FuncTaskOrchestrator.Create<string, string>(
                (_, input) => throw new InvalidOperationException("Report " + input + " broke the rules."))),
        ],
        [
            new ActivityRegistration(Shout, typeof(TestWorkflows), _ => FuncTaskActivity.Create<Ping, Ping>(
                (_, input) => Task.FromResult(input with { Text = input.Text.ToUpperInvariant(), Amount = input.Amount * 2 }))),
            new ActivityRegistration(Double, typeof(TestWorkflows), _ => FuncTaskActivity.Create<decimal, decimal>(
                (_, input) => Task.FromResult(input * 2))),
        ]);
}
