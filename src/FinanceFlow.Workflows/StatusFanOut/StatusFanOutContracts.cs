using FinanceFlow.Core.Messaging;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.ReportPipeline;

namespace FinanceFlow.Workflows.StatusFanOut;

/// <summary>Publish: one status event to one target; the orchestration runs one per target, each with its own retry policy.</summary>
public sealed record PublishStatusRequest(StepContext Step, StatusTargetPlan Target, StatusCloudEvent Event);

/// <summary>Failed: a target stayed down through its retries.</summary>
public sealed record PublishFailure(StepContext Step, StatusTargetPlan Target, StatusCloudEvent Event, string Error);

/// <summary>What a manual re-send of one event to one target came to; <paramref name="Error"/> only when not published.</summary>
public sealed record StatusRepublishResult(
    string Target,
    string EventId,
    string Type,
    bool Published,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Error);
