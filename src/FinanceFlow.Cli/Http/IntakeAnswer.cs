namespace FinanceFlow.Cli.Http;

/// <summary>What the intake endpoint said to one delivery.</summary>
/// <param name="StatusCode">HTTP status, or 0 when no answer came (connection error, time-out).</param>
/// <param name="Error">Problem details title/detail, or the exception, when not accepted.</param>
public sealed record IntakeAnswer(int StatusCode, string? InstanceId, Uri? StatusUri, string? Error, TimeSpan Latency)
{
    public bool Accepted => StatusCode is 200 or 202 && StatusUri is not null;
}
