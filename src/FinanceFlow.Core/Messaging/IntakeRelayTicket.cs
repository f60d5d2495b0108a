using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Core.Hashing;

namespace FinanceFlow.Core.Messaging;

/// <summary>
/// A claim check for an intake message the Service Bus relay has validated and kept: the queue message carries this, not the
/// message (a storage queue message holds 64 KiB, a Service Bus one up to 1 MiB here), so the trigger handles the kept original
/// under its own MessageId and enqueue time, as if Service Bus had delivered it there.
/// </summary>
/// <param name="Blob">The kept message in the raw container (<c>messages/yyyy/MM/dd/{messageId}.json</c>).</param>
/// <param name="MessageId">The original MessageId: the idempotency key.</param>
/// <param name="EnqueuedAt">When the broker took the original; dates its stored copy.</param>
/// <param name="Transport">Where the original came from: <c>servicebus</c>.</param>
public sealed record IntakeRelayTicket(string Blob, string MessageId, DateTimeOffset EnqueuedAt, string Transport)
{
    /// <summary>The CloudEvents <c>source</c> of relayed messages.</summary>
    public const string RelaySource = "/financeflow/servicebus-relay";

    /// <summary>
    /// The ticket as a CloudEvent. Its id derives from the MessageId and its time is the original's enqueue time, so relaying one
    /// message twice (a redelivery after the relay's crash) sends the same bytes, kept once; a claim check with other bytes under the
    /// same id would be a reused id.
    /// </summary>
    public byte[] ToCloudEvent() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["specversion"] = "1.0",
        ["id"] = "relay-" + Sha256.Hex(MessageId)[..32],
        ["source"] = RelaySource,
        ["type"] = IntakeEventTypes.Relayed,
        ["time"] = EnqueuedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        ["datacontenttype"] = "application/json",
        ["data"] = new JsonObject
        {
            ["blob"] = Blob,
            ["messageId"] = MessageId,
            ["enqueuedAt"] = EnqueuedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["transport"] = Transport,
        },
    });

    /// <summary>Reads the <c>data</c> of a relayed event the envelope schema has already checked.</summary>
    public static IntakeRelayTicket Read(ReadOnlyMemory<byte> data)
    {
        using var document = JsonDocument.Parse(data);
        var root = document.RootElement;
        return new IntakeRelayTicket(
            root.GetProperty("blob").GetString()!,
            root.GetProperty("messageId").GetString()!,
            root.GetProperty("enqueuedAt").GetDateTimeOffset(),
            root.GetProperty("transport").GetString()!);
    }
}
