namespace FinanceFlow.Core.Model;

/// <summary>How serious a finding is: errors stop a report, warnings travel with it.</summary>
public enum FindingSeverity
{
    Error,
    Warning,
}

/// <summary>Something a rule found about a report.</summary>
/// <param name="Code">Stable machine code, e.g. <c>lines-do-not-sum</c>.</param>
/// <param name="Path">JSON pointer into the canonical report, e.g. <c>/lines/2/grossAmount</c>.</param>
/// <param name="Overridable">
/// True when a person may override it (a policy finding: a missing receipt, an amount over a limit); false for data errors (lines
/// that do not sum, an unknown currency), which only a corrected report fixes. A report whose only errors are overridable waits
/// for a resolution instead of ending.
/// </param>
public sealed record Finding(string Code, string Message, string? Path = null, FindingSeverity Severity = FindingSeverity.Error, bool Overridable = false);
