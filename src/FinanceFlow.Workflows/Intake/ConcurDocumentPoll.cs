using System.Globalization;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Intake;

/// <summary>What one poll of the Concur document list did.</summary>
/// <param name="Listed">Documents Concur offered (not yet acknowledged).</param>
/// <param name="Started">Documents whose report run started.</param>
/// <param name="AlreadyKnown">Documents FinanceFlow had taken already (an event came first, or a run for that version exists).</param>
/// <param name="Refused">Documents rejected at intake (a Rejected status row says why) or not taken now (Concur or storage away).</param>
/// <param name="Unread">Document types whose list could not be read, or was read only in part (the rest waits for the next poll).</param>
public sealed record ConcurPollSummary(int Listed, int Started, int AlreadyKnown, int Refused, IReadOnlyList<string> Unread)
{
    public override string ToString() =>
        $"listed {Listed}, started {Started}, already known {AlreadyKnown}, refused {Refused}{(Unread.Count > 0 ? ", not fully read: " + string.Join(", ", Unread) : "")}";
}

/// <summary>What taking one listed document did.</summary>
public enum ConcurTakeOutcome
{
    Started,
    AlreadyKnown,
    Refused,
}

/// <summary>What taking one listed document did, and in words (the run's instance id, or why it was not taken).</summary>
public sealed record ConcurTake(ConcurTakeOutcome Outcome, string Detail);

/// <summary>
/// The scheduled poll of Concur's FIS document list (<c>Fis:PollSchedule</c>), so that no document depends on its event alone: every
/// expense and cash-advance document Concur still offers goes through exactly the intake its event takes
/// (<see cref="ConcurEventIntake.TakeAsync"/>: fetched by its <c>docId</c> as the event's href does, kept, acknowledged under its FIS id,
/// one durable run per report version).
/// </summary>
public sealed class ConcurDocumentPoll(
    ConcurFisClient fis, IOptions<ConcurFisOptions> options, ConcurEventIntake intake, IAuditTrail audit, TimeProvider time, ILogger<ConcurDocumentPoll> logger)
{
    public const string Actor = "concur-poll";

    /// <summary>The FIS document types FinanceFlow takes, as <see cref="ConcurEvent.IsReadyForIntegration"/> does.</summary>
    public static IReadOnlyList<string> DocTypes { get; } = ["expense", "cashadvance"];

    /// <summary>Lists every document type and takes each document listed; a type whose list fails is reported and the next one read.</summary>
    public async Task<ConcurPollSummary> PollAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("Concur poll skipped: {Setting} is false", $"{ConcurFisOptions.SectionName}:{nameof(ConcurFisOptions.Enabled)}");
            return new ConcurPollSummary(0, 0, 0, 0, []);
        }

        int listed = 0, started = 0, known = 0, refused = 0;
        var unread = new List<string>();
        foreach (var docType in DocTypes)
        {
            ConcurDocumentList list;
            try
            {
                list = await fis.ListReadyDocumentsAsync(docType, cancellationToken);
            }
            catch (Exception ex) when (ex is ConcurFisException or ConcurUnavailableException)
            {
                logger.LogError(ex, "Concur poll: the {DocType} document list could not be read", docType);
                unread.Add(docType);
                continue;
            }

            if (!list.Complete)
            {
                unread.Add(docType);
            }

            listed += list.Documents.Count;
            foreach (var document in list.Documents)
            {
                switch ((await TakeAsync(document, client, cancellationToken)).Outcome)
                {
                    case ConcurTakeOutcome.Started:
                        started++;
                        break;
                    case ConcurTakeOutcome.AlreadyKnown:
                        known++;
                        break;
                    default:
                        refused++;
                        break;
                }
            }
        }

        var summary = new ConcurPollSummary(listed, started, known, refused, unread);
        logger.Log(unread.Count > 0 ? LogLevel.Warning : LogLevel.Information, "Concur poll: {Summary}", summary);

        // One row per run (each document taken has its own intake rows): what the poll saw, for finance ops and the auditors.
        var now = time.GetUtcNow();
        var detail = summary.ToString();
        await audit.AppendAsync(
            new AuditRecord(new ReportKey(AuditPartitions.ConcurPoll, now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), 1, now, AuditSteps.ConcurPoll,
                unread.Count > 0 ? AuditOutcomes.SyncedWithProblems : AuditOutcomes.Synced, Actor,
                string.Create(CultureInfo.InvariantCulture, $"concur-poll-{now.UtcDateTime:yyyyMMddTHHmmss}Z"), Sha256.Hex(detail), detail),
            cancellationToken);
        return summary;
    }

    /// <summary>Takes one listed document through the event's intake, as if its event had come now.</summary>
    public async Task<ConcurTake> TakeAsync(ConcurListedDocument document, DurableTaskClient client, CancellationToken cancellationToken)
    {
        // The key and href its event would carry: the report (or cash advance) id; the FIS id when the document names none.
        var docId = document.DocId ?? document.Id;
        var announcement = $"poll of {document.DocType} document {document.Id}";
        Answer<IntakeReceipt> answer;
        try
        {
            var href = await fis.DocumentHrefAsync(document.DocType, docId, cancellationToken);
            var notice = new ConcurDocumentNotice(new ReportKey(SourceNames.Concur, docId), document.DocType, href, announcement);
            answer = await intake.TakeAsync(notice, document.Item.ToArray(), $"poll-{document.Id}", time.GetUtcNow(), Actor, client, cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            return NotTaken($"storage is unavailable ({ex.Message}); the next poll takes it");
        }

        return answer switch
        {
            { Refusal: { } refusal } => NotTaken($"{refusal.Title}: {refusal.Detail}"),
            { Value.Admission: { Started: true } admission } => new ConcurTake(ConcurTakeOutcome.Started, $"started as {admission.InstanceId}"),
            { Value.Admission: { } admission } => new ConcurTake(ConcurTakeOutcome.AlreadyKnown, $"already known as {admission.InstanceId}"),
            { Value.Notice: ConcurDocumentDuplicate } => new ConcurTake(ConcurTakeOutcome.AlreadyKnown, "already taken; Concur no longer offers it"),
            { Value.Notice: ConcurDocumentRejected rejected } => NotTaken($"rejected at intake: {rejected.Detail}"),
            _ => NotTaken("the intake took nothing"),
        };

        ConcurTake NotTaken(string reason)
        {
            logger.LogWarning("Concur {Announcement} not taken: {Reason}", announcement, reason);
            return new ConcurTake(ConcurTakeOutcome.Refused, reason);
        }
    }
}
