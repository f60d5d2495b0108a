namespace FinanceFlow.Workflows.StatusFanOut;

/// <summary>The status fan-out activities: thin, the work and the audit rows are in <see cref="StatusPublishing"/>.</summary>
public sealed class StatusFanOutActivities(StatusPublishing publishing)
{
    /// <summary>One attempt; an exception lets the Durable retry policy of this target try again.</summary>
    public Task<string> PublishStatus(PublishStatusRequest request, CancellationToken cancellationToken) =>
        publishing.PublishAsync(request.Step, request.Target, request.Event, cancellationToken);

    public async Task<bool> RecordPublishFailed(PublishFailure failure, CancellationToken cancellationToken)
    {
        await publishing.RecordFailedAsync(failure.Step, failure.Target, failure.Event, failure.Error, cancellationToken);
        return true;
    }
}
