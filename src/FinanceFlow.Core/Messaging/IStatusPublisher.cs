using FinanceFlow.Core.Configuration;

namespace FinanceFlow.Core.Messaging;

/// <summary>Delivers a status event to one kind of fan-out target; one attempt, throws when the target did not take it.</summary>
public interface IStatusPublisher
{
    StatusTargetKind Kind { get; }

    /// <summary>Sends <paramref name="utf8Json"/> (the serialized <paramref name="statusEvent"/>) to <paramref name="target"/>; returns what the target answered, for the audit row.</summary>
    Task<string> PublishAsync(StatusTargetSettings target, StatusCloudEvent statusEvent, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken);
}
