namespace FinanceFlow.Connectors.Expensify;

/// <summary>What <c>reportStatusUpdater</c> did: 200 updates every id; 207 names the skipped and failed ones with reasons.</summary>
/// <param name="Updated">Ids Expensify moved to the new status.</param>
/// <param name="Skipped">Ids Expensify left alone on purpose (e.g. the report is still open).</param>
/// <param name="Failed">Ids Expensify failed on (e.g. an internal error): worth trying again.</param>
/// <param name="Unconfirmed">Ids we sent that the answer does not mention at all.</param>
public sealed record ExpensifyStatusUpdate(
    IReadOnlyList<string> Updated,
    IReadOnlyList<ExpensifyReportProblem> Skipped,
    IReadOnlyList<ExpensifyReportProblem> Failed,
    IReadOnlyList<string> Unconfirmed)
{
    /// <summary>True when every id sent was updated.</summary>
    public bool IsComplete => Skipped.Count == 0 && Failed.Count == 0 && Unconfirmed.Count == 0;

    /// <summary>Every id that was not updated, whatever the reason.</summary>
    public IReadOnlyList<string> NotUpdated =>
        [.. Skipped.Select(s => s.ReportId), .. Failed.Select(f => f.ReportId), .. Unconfirmed];
}

/// <summary>One report Expensify did not update, and Expensify's reason.</summary>
public sealed record ExpensifyReportProblem(string ReportId, string Reason);
