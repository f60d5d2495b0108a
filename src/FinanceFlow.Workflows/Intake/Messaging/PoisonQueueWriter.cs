using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Intake.Messaging;

/// <summary>What a poison-queue message says: why, and the original message text.</summary>
/// <param name="Message">The original queue message text (base64 of the CloudEvent), cut when it would not fit; the full body is kept in blob <c>raw/messages/…</c>.</param>
public sealed record PoisonMessage(string Reason, string Description, string Message, bool Truncated, string? MessageId, long DequeueCount, DateTimeOffset At);

/// <summary>Moves a Storage Queue intake message to the poison queue, wrapped as base64 of <see cref="PoisonMessage"/> JSON.</summary>
public sealed class PoisonQueueWriter(QueueServiceClient queues, IOptions<StorageQueueIntakeOptions> options, TimeProvider time)
{
    // A queue message holds 64 KiB of text; the wrapper is base64-encoded, so the original gets at most 32 KiB of it.
    private const int MaxOriginalLength = 32 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private bool _created;

    public async Task WriteAsync(string reason, string description, string originalText, string? messageId, long dequeueCount, CancellationToken cancellationToken)
    {
        var poison = queues.GetQueueClient(options.Value.PoisonQueueName);
        if (!_created)
        {
            await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _created = true;
        }

        var truncated = originalText.Length > MaxOriginalLength;
        var wrapped = new PoisonMessage(
            reason, description.Length > 8192 ? description[..8192] : description, truncated ? originalText[..MaxOriginalLength] : originalText, truncated, messageId, dequeueCount, time.GetUtcNow());
        var text = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(wrapped, Json)));
        await poison.SendMessageAsync(text, cancellationToken);
    }

    /// <summary>Reads a poison-queue message text back.</summary>
    public static PoisonMessage? Read(string messageText) =>
        JsonSerializer.Deserialize<PoisonMessage>(Convert.FromBase64String(messageText), Json);
}
