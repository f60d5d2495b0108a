using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Intake;

/// <summary>The outcome of reading a canonical webhook body: a report, or the reasons it was refused.</summary>
/// <param name="Report">Set when the body is valid; null otherwise.</param>
/// <param name="Errors">Empty when the body is valid.</param>
public sealed record CanonicalParseResult(ExpenseReport? Report, IReadOnlyList<FieldError> Errors)
{
    /// <summary>True when a report was read and there are no errors.</summary>
    public bool IsValid => Report is not null && Errors.Count == 0;
}

/// <summary>One thing wrong with a body.</summary>
/// <param name="Pointer">JSON pointer into the body, e.g. <c>/lines/0/grossAmount</c>; empty for the whole document.</param>
/// <param name="Message">Plain-English reason, e.g. <c>is required</c>.</param>
public sealed record FieldError(string Pointer, string Message);
