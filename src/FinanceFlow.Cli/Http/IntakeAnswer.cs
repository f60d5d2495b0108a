namespace FinanceFlow.Cli.Http;

/// <summary>What the intake endpoint said to one delivery.</summary>
/// <param name="StatusCode">HTTP status, or 0 when no answer came (connection error, time-out).</param>
/// <param name="ReportUri">Where the report is followed: the answer's <c>reportUri</c>, else built from the report id that was sent.</param>
/// <param name="Error">Problem details title/detail, or the exception, when not accepted.</param>
public sealed record IntakeAnswer(int StatusCode, string? InstanceId, Uri? ReportUri, string? Error, TimeSpan Latency)
{
    public bool Accepted => StatusCode is 200 or 202 && InstanceId is not null && ReportUri is not null;
}
