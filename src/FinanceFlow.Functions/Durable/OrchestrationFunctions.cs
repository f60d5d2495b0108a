using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace FinanceFlow.Functions.Durable;

/// <summary>Orchestrator triggers: each delegates to the workflow written once in FinanceFlow.Workflows.</summary>
public static class OrchestrationFunctions
{
    [Function(nameof(ProcessExpenseReport))]
    public static Task<ReportResult> RunProcessExpenseReport([OrchestrationTrigger] TaskOrchestrationContext context) =>
        ProcessExpenseReport.RunAsync(context, context.GetInput<ProcessReportInput>() ?? throw new InvalidOperationException("ProcessExpenseReport needs an input."));

    [Function(nameof(ProcessCardBatch))]
    public static Task<CardBatchResult> RunProcessCardBatch([OrchestrationTrigger] TaskOrchestrationContext context) =>
        ProcessCardBatch.RunAsync(context, context.GetInput<ProcessCardBatchInput>() ?? throw new InvalidOperationException("ProcessCardBatch needs an input."));
}
