using FinanceFlow.Core.Intake;

namespace FinanceFlow.Core.Messaging;

/// <summary>An intake message whose envelope is valid CloudEvents 1.0.</summary>
/// <param name="Source">The CloudEvents <c>source</c>: the producer, e.g. <c>/platforms/acme-expenses</c>.</param>
/// <param name="FinanceFlowSource">The <c>financeflowsource</c> extension: the FinanceFlow source whose document <paramref name="Data"/> is.</param>
/// <param name="Data">The raw JSON of <c>data</c>, exactly as sent; empty when the event has none.</param>
public sealed record IntakeCloudEvent(string Id, string Source, string Type, string? FinanceFlowSource, DateTimeOffset? Time, ReadOnlyMemory<byte> Data);

/// <summary>What is wrong with an envelope, if anything.</summary>
public enum EnvelopeProblem
{
    None,
    MalformedJson,
    InvalidEnvelope,
}

/// <summary>The outcome of reading an intake message: the event, or what is wrong with it and what could still be read.</summary>
/// <param name="EventId">The CloudEvents <c>id</c> when it could be read, even from an otherwise invalid envelope.</param>
/// <param name="Errors">JSON pointers into the message with what is wrong there.</param>
public sealed record EnvelopeReadResult(IntakeCloudEvent? Event, EnvelopeProblem Problem, string? EventId, IReadOnlyList<FieldError> Errors);
