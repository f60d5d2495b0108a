using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Messaging;

namespace FinanceFlow.Testing;

/// <summary>A publisher that keeps what it was given, and fails for destinations named in <see cref="Down"/>.</summary>
public sealed class RecordingStatusPublisher(StatusTargetKind kind) : IStatusPublisher
{
    public List<(string Destination, StatusCloudEvent Event, byte[] Json)> Published { get; } = [];

    public HashSet<string> Down { get; } = new(StringComparer.Ordinal);

    public int Attempts { get; private set; }

    public StatusTargetKind Kind => kind;

    public Task<string> PublishAsync(StatusTargetSettings target, StatusCloudEvent statusEvent, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        lock (Published)
        {
            Attempts++;
            if (Down.Contains(target.Destination))
            {
                throw new HttpRequestException($"{target.Destination} answered 503 Service Unavailable.");
            }

            Published.Add((target.Destination, statusEvent, utf8Json.ToArray()));
        }

        return Task.FromResult("ok " + target.Destination);
    }
}
