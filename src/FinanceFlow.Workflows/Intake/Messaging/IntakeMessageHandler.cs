using Azure;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Sources;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Workflows.Intake.Messaging;

/// <summary>Handles one intake message, whatever queue it came from.</summary>
public interface IIntakeMessageHandler
{
    /// <summary>Reads, keeps and checks the message, and starts (or finds) its run.</summary>
    Task<IntakeResult> HandleAsync(IntakeMessage message, DurableTaskClient client, CancellationToken cancellationToken);

    /// <summary>
    /// Reads, keeps and checks the message exactly as <see cref="HandleAsync"/> does (same dead-letter reasons, audit and status rows),
    /// then hands a valid one to <paramref name="relay"/> instead of starting its run: for a host without a Durable client.
    /// </summary>
    Task<IntakeResult> RelayAsync(IntakeMessage message, IIntakeRelay relay, CancellationToken cancellationToken);
}

/// <summary>
/// Message-driven intake: validates the CloudEvent, keeps the raw message and its document, and starts (or finds) the report
/// version's orchestration under the webhook's deterministic instance id, or a card batch's run — or relays it to a host that can.
/// A relayed message (<see cref="IntakeEventTypes.Relayed"/>) is handled as the original it names. Every dead-letter leaves an audit row.
/// </summary>
public sealed class IntakeMessageHandler(
    IRawPayloadStore rawPayloads,
    IEnumerable<ISourceDocumentAdapter> adapters,
    ReportAdmission admissions,
    CardBatchAdmission cardBatches,
    IntakeAudit intakeAudit,
    IReportStatusStore statuses,
    IntakeStorageCircuit storage,
    TimeProvider time,
    ILogger<IntakeMessageHandler> logger) : IIntakeMessageHandler
{
    /// <summary>Largest accepted body: 1 MiB, as for webhooks.</summary>
    public const int MaxBodyBytes = WebhookIntake.MaxBodyBytes;

    /// <summary>Source segment of the stored envelopes: <c>raw/messages/…</c>.</summary>
    public const string EnvelopeSource = AuditPartitions.Messages;

    /// <summary>Instance id prefix of the <c>Rejected</c> status row a dead-letter writes for a report no run knows.</summary>
    public const string DeadLetterStatusPrefix = "intake-message:";

    /// <summary>Joins the transports of a relayed message in logs and audit rows: <c>servicebus+relay:storagequeue</c>.</summary>
    public const string RelayedVia = "+relay:";

    public Task<IntakeResult> HandleAsync(IntakeMessage message, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return HandleAsync(message, new Destination(client, null), cancellationToken);
    }

    public Task<IntakeResult> RelayAsync(IntakeMessage message, IIntakeRelay relay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        return HandleAsync(message, new Destination(null, relay), cancellationToken);
    }

    private async Task<IntakeResult> HandleAsync(IntakeMessage message, Destination destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = message.Body.ToArray();
        var delivery = new Delivery(message, body, message.MessageId ?? "sha256-" + Sha256.Hex(body)[..32], "(unknown)", null);
        try
        {
            return await HandleCoreAsync(delivery, destination, cancellationToken);
        }
        catch (Exception ex) when (TransientFaults.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Intake message {MessageId} (delivery {DeliveryCount}) abandoned on a transient fault", delivery.Key, message.DeliveryCount);
            return IntakeResult.StorageUnavailable($"transient: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task<IntakeResult> HandleCoreAsync(Delivery delivery, Destination destination, CancellationToken cancellationToken)
    {
        var body = delivery.Body;
        if (body.Length > MaxBodyBytes)
        {
            // Not stored: an oversized body is refused before it costs storage, like the webhook's 413.
            return await DeadLetterAsync(delivery, DeadLetterReasons.MessageTooLarge, $"The message body is {body.Length} bytes; at most {MaxBodyBytes} (1 MiB) is accepted. Send receipts by URL.", null, cancellationToken);
        }

        var envelope = IntakeEnvelopeReader.Read(body);
        delivery = delivery with { Key = delivery.Message.MessageId ?? envelope.EventId ?? delivery.Key };

        // Kept before anything else reads it, so every message, good or bad, can be replayed and audited.
        // A relayed original comes with the blob it is kept in; anything else is kept now.
        string envelopeBlob;
        try
        {
            envelopeBlob = delivery.EnvelopeBlob
                ?? await storage.RunAsync(ct => rawPayloads.SaveAsync(EnvelopeSource, delivery.Key, ReceivedAt(delivery.Message), BinaryData.FromBytes(body), ct), cancellationToken);
        }
        catch (RawPayloadConflictException ex)
        {
            return await DeadLetterAsync(delivery with { EnvelopeBlob = ex.KeptAs }, DeadLetterReasons.MessageIdReused, MessageIdReused(delivery.Key, ex), null, cancellationToken);
        }

        delivery = delivery with { EnvelopeBlob = envelopeBlob };
        if (envelope.Event is not { } intakeEvent)
        {
            var reason = envelope.Problem == EnvelopeProblem.MalformedJson ? DeadLetterReasons.MalformedJson : DeadLetterReasons.InvalidEnvelope;
            return await DeadLetterAsync(delivery, reason, Describe(envelope.Errors), null, cancellationToken);
        }

        delivery = delivery with { Actor = intakeEvent.Source };
        if (intakeEvent.Type == IntakeEventTypes.Relayed)
        {
            return await HandleRelayedAsync(delivery, intakeEvent, destination, cancellationToken);
        }

        if (intakeEvent.Type == IntakeEventTypes.CardTransactions)
        {
            return await AdmitCardBatchAsync(delivery, intakeEvent, destination, cancellationToken);
        }

        if (intakeEvent.Type != IntakeEventTypes.ReportSubmitted)
        {
            return await DeadLetterAsync(delivery, DeadLetterReasons.UnknownType, $"/type: '{intakeEvent.Type}' is not an intake event type; send {IntakeEventTypes.ReportSubmitted}.", null, cancellationToken);
        }

        var adapter = adapters.FirstOrDefault(a => string.Equals(a.Source, intakeEvent.FinanceFlowSource, StringComparison.Ordinal));
        if (adapter is null)
        {
            var known = string.Join(", ", adapters.Select(a => a.Source).Order(StringComparer.Ordinal));
            return await DeadLetterAsync(delivery, DeadLetterReasons.UnknownSource, $"/{IntakeEventTypes.SourceExtension}: '{intakeEvent.FinanceFlowSource}' is not a source FinanceFlow reads; known: {known}.", null, cancellationToken);
        }

        var source = adapter.Source;
        var data = intakeEvent.Data.ToArray();
        delivery = delivery with { Source = source, Data = data };
        string documentBlob;
        try
        {
            documentBlob = await storage.RunAsync(ct => rawPayloads.SaveAsync(source, "msg-" + delivery.Key, ReceivedAt(delivery.Message), BinaryData.FromBytes(data), ct), cancellationToken);
        }
        catch (RawPayloadConflictException ex)
        {
            return await DeadLetterAsync(delivery, DeadLetterReasons.MessageIdReused, MessageIdReused(delivery.Key, ex), null, cancellationToken);
        }

        var read = adapter.Read(data);
        if (read.Report is not { } report)
        {
            IReadOnlyList<FieldError> errors = read.Errors.Count > 0 ? read.Errors
                : read.Findings.Count > 0 ? [.. read.Findings.Select(f => new FieldError(f.Path ?? "", f.Message))]
                : [new FieldError("", "carries no expense report")];
            var pointed = errors.Select(e => e with { Pointer = "/data" + e.Pointer }).ToList();
            return await DeadLetterAsync(delivery, DeadLetterReasons.InvalidData, $"{Describe(pointed)} (kept as {documentBlob})", pointed, cancellationToken);
        }

        if (destination.Relay is { } relay)
        {
            return await ForwardAsync(delivery, report.Key, relay, cancellationToken);
        }

        var admission = await admissions.AdmitAsync(report, delivery.Key, documentBlob, ReceivedAt(delivery.Message), delivery.Actor, data, destination.Client!, cancellationToken);
        logger.LogInformation(
            "Intake message {MessageId} via {Transport} (envelope {EnvelopeBlob}): {Source} report {ReportId} v{Version} runs as {InstanceId} (started: {Started})",
            delivery.Key, delivery.Message.Transport, envelopeBlob, source, report.ReportId, report.Version, admission.InstanceId, admission.Started);
        return IntakeResult.Complete;
    }

    /// <summary>
    /// A claim check the Service Bus relay sent: the original it kept is handled here under its own MessageId and enqueue time,
    /// so its stored copy, audit rows and idempotency key are the ones the relay used.
    /// </summary>
    private async Task<IntakeResult> HandleRelayedAsync(Delivery delivery, IntakeCloudEvent intakeEvent, Destination destination, CancellationToken cancellationToken)
    {
        if (destination.Relay is not null || delivery.Message.Transport.Contains(RelayedVia, StringComparison.Ordinal))
        {
            return await DeadLetterAsync(delivery, DeadLetterReasons.InvalidEnvelope, $"/type: {IntakeEventTypes.Relayed} is read only by the queue the relay writes to, and names an original message, not another relayed one.", null, cancellationToken);
        }

        var ticket = IntakeRelayTicket.Read(intakeEvent.Data);
        BinaryData original;
        try
        {
            original = await storage.RunAsync(ct => rawPayloads.ReadAsync(ticket.Blob, ct), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return await DeadLetterAsync(delivery, DeadLetterReasons.RelayedMessageMissing, $"/data/blob: {ticket.Blob} is not in the raw container; the relayed message {ticket.MessageId} cannot be read.", null, cancellationToken);
        }

        var message = new IntakeMessage(ticket.MessageId, original.ToMemory(), delivery.Message.DeliveryCount, ticket.EnqueuedAt, $"{ticket.Transport}{RelayedVia}{delivery.Message.Transport}");
        logger.LogInformation("Intake message {RelayMessage} is the claim check of {Transport} message {MessageId} kept as {Blob}", delivery.Key, ticket.Transport, ticket.MessageId, ticket.Blob);
        return await HandleCoreAsync(new Delivery(message, original.ToArray(), ticket.MessageId, "(unknown)", null, EnvelopeBlob: ticket.Blob), destination, cancellationToken);
    }

    /// <summary>Relays a valid message (kept as <see cref="Delivery.EnvelopeBlob"/>) and audits where it went.</summary>
    private async Task<IntakeResult> ForwardAsync(Delivery delivery, ReportKey subject, IIntakeRelay relay, CancellationToken cancellationToken)
    {
        var ticket = new IntakeRelayTicket(delivery.EnvelopeBlob!, delivery.Key, ReceivedAt(delivery.Message), delivery.Message.Transport);
        var target = await relay.ForwardAsync(ticket, cancellationToken);
        await intakeAudit.RecordDeliveryAsync(subject, AuditOutcomes.Relayed, delivery.Actor, delivery.Key, delivery.Data ?? delivery.Body,
            $"message {delivery.Key} via {delivery.Message.Transport}, delivery {delivery.Message.DeliveryCount}; kept as {delivery.EnvelopeBlob}; relayed to {target}", cancellationToken);
        logger.LogInformation("Intake message {MessageId} via {Transport} ({Subject}) relayed to {Target}", delivery.Key, delivery.Message.Transport, subject, target);
        return IntakeResult.Complete;
    }

    private async Task<IntakeResult> AdmitCardBatchAsync(Delivery delivery, IntakeCloudEvent intakeEvent, Destination destination, CancellationToken cancellationToken)
    {
        var data = intakeEvent.Data.ToArray();
        delivery = delivery with
        {
            Source = SourceNames.Cards,
            Data = data,
            Subject = CardBatchAdmission.TryReadKey(data) ?? new ReportKey(SourceNames.Cards, AuditPartitions.Unidentified),
        };
        CardBatchDocument document;
        try
        {
            document = await cardBatches.KeepAsync(data, delivery.Key, ReceivedAt(delivery.Message), cancellationToken);
        }
        catch (RawPayloadConflictException ex)
        {
            return await DeadLetterAsync(delivery, DeadLetterReasons.MessageIdReused, MessageIdReused(delivery.Key, ex), null, cancellationToken);
        }

        if (document.Batch is not { } batch)
        {
            var pointed = document.Errors.Select(e => e with { Pointer = "/data" + e.Pointer }).ToList();
            return await DeadLetterAsync(delivery, DeadLetterReasons.InvalidData, $"{Describe(pointed)} (kept as {document.DocumentBlob})", pointed, cancellationToken);
        }

        if (destination.Relay is { } relay)
        {
            return await ForwardAsync(delivery, delivery.Subject!, relay, cancellationToken);
        }

        var admission = await cardBatches.StartAsync(batch, document.DocumentBlob, data, delivery.Key, ReceivedAt(delivery.Message), delivery.Actor, destination.Client!, cancellationToken);

        logger.LogInformation(
            "Intake message {MessageId} via {Transport}: card batch {Subject} runs as {InstanceId} (started: {Started})",
            delivery.Key, delivery.Message.Transport, delivery.Subject, admission.InstanceId, admission.Started);
        return IntakeResult.Complete;
    }

    /// <summary>Audits the dead-letter under the report it names (or as unidentified), and marks a report no run knows as Rejected so finance ops see it.</summary>
    private async Task<IntakeResult> DeadLetterAsync(Delivery delivery, string reason, string description, IReadOnlyList<FieldError>? dataErrors, CancellationToken cancellationToken)
    {
        // A card batch is audited under its own key and has no report status row.
        var (reportId, version) = delivery.Data is { } data && delivery.Subject is null ? IntakeAudit.TryReadIdentity(data) : (null, 0);
        var key = delivery.Subject ?? new ReportKey(delivery.Source ?? EnvelopeSource, reportId ?? AuditPartitions.Unidentified);
        var detail = $"{reason}: {description}; message {delivery.Key} via {delivery.Message.Transport}, delivery {delivery.Message.DeliveryCount}";
        logger.LogWarning("Intake message {MessageId} dead-lettered: {Reason}: {Description}", delivery.Key, reason, description);
        await intakeAudit.RecordDeliveryAsync(key, AuditOutcomes.DeadLettered, delivery.Actor, delivery.Key, delivery.Data ?? delivery.Body, detail, cancellationToken);
        if (reportId is not null && await statuses.GetAsync(key, cancellationToken) is null)
        {
            // Only where nothing is known yet: a bad message must not overwrite the status of a run that exists.
            var findings = (dataErrors ?? []).Select(e => new Finding(reason, e.Message, e.Pointer)).DefaultIfEmpty(new Finding(reason, description)).ToList();
            var now = time.GetUtcNow();
            await statuses.UpsertAsync(
                new ReportStatusRecord(key.Source, reportId, version, DeadLetterStatusPrefix + delivery.Key, ReportStage.Completed, ReportOutcome.Rejected,
                    null, null, null, null, null, $"{reason}: {description}", findings, ReceivedAt(delivery.Message), now),
                cancellationToken);
        }

        return IntakeResult.DeadLetter(reason, description);
    }

    private static string MessageIdReused(string messageId, RawPayloadConflictException conflict) =>
        $"message id '{messageId}' came before with another body ({conflict.BlobName}); a new payload needs a new message id. This one is kept as {conflict.KeptAs}.";

    private DateTimeOffset ReceivedAt(IntakeMessage message) => message.EnqueuedAt == default ? time.GetUtcNow() : message.EnqueuedAt;

    private static string Describe(IReadOnlyList<FieldError> errors)
    {
        var shown = string.Join("; ", errors.Take(10).Select(e => $"{(e.Pointer.Length == 0 ? "/" : e.Pointer)}: {e.Message}"));
        return errors.Count > 10 ? $"{shown}; and {errors.Count - 10} more" : shown;
    }

    /// <summary>What is known about a message so far; grows as it is read.</summary>
    /// <param name="Subject">The audit key of a card batch; null for reports, keyed by the report id in <paramref name="Data"/>.</param>
    /// <param name="EnvelopeBlob">Where the message is kept, once it is.</param>
    private sealed record Delivery(IntakeMessage Message, byte[] Body, string Key, string Actor, string? Source, byte[]? Data = null, ReportKey? Subject = null, string? EnvelopeBlob = null);

    /// <summary>Where a valid message goes: its run, started with the client, or the relay. Exactly one is set.</summary>
    private sealed record Destination(DurableTaskClient? Client, IIntakeRelay? Relay);
}
