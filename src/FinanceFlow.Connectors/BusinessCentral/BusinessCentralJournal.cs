using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Connectors.BusinessCentral;

/// <summary>
/// Journal mode: all lines of one entry go into the journal batch in one <c>$batch</c> with <c>Isolation: snapshot</c> (all or
/// none), then <c>Microsoft.NAV.post</c> posts the batch. Before anything is created, the posted G/L entries and the batch's
/// unposted lines are read by document number: posted means done; lines waiting in the batch (an earlier answer lost between
/// create and post) are posted, never created a second time.
/// </summary>
internal sealed class BusinessCentralJournal(BusinessCentralApi api, BusinessCentralOptions options, ILogger logger) : IDisposable
{
    // One create-and-post at a time per ledger: a post takes the whole batch, so another entry's lines are never half in it.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _journalId;

    public async Task<ErpPostingResult> PostAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        var documentNumber = BusinessCentralReference.DocumentNumber(entry.ExternalReference);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (await JournalIdAsync(cancellationToken) is not { } journalId)
            {
                return NotSent($"the journal batch '{options.JournalCode}' does not exist in company {options.CompanyId}.");
            }

            var posted = await PostedAsync(documentNumber, cancellationToken);
            if (posted.Count > 0)
            {
                var differences = BookedEntry.Differences(BusinessCentralBooks.Ours(entry), BusinessCentralBooks.Theirs(posted[0], options.LocalCurrency));
                if (differences.Count > 0)
                {
                    return NotSent($"Business Central already holds document {documentNumber} under {entry.ExternalReference}, and it books something else: {string.Join("; ", differences)}.");
                }

                logger.LogWarning("{Reference} is already posted in Business Central as {Document}; not sent again", entry.ExternalReference, documentNumber);
                return Confirmed(posted[0]);
            }

            var waiting = await WaitingAsync(journalId, documentNumber, cancellationToken);
            if (waiting.Count > 0)
            {
                var differences = BookedEntry.Differences(BusinessCentralBooks.Ours(entry), BusinessCentralBooks.Theirs(waiting, options.LocalCurrency));
                if (differences.Count > 0)
                {
                    return NotSent($"journal batch '{options.JournalCode}' already holds unposted lines under document number {documentNumber} that book something else: {string.Join("; ", differences)}. Delete or correct them in Business Central, then retry.");
                }

                logger.LogWarning("{Reference}: {Count} lines from an earlier attempt wait in journal batch {Journal}; posting them", entry.ExternalReference, waiting.Count, options.JournalCode);
            }
            else
            {
                var created = await CreateLinesAsync(journalId, entry, documentNumber, cancellationToken);
                if (created.Rejection is { } rejection)
                {
                    return rejection;
                }

                waiting = created.Lines;
            }

            return await PostBatchAsync(journalId, entry, documentNumber, waiting, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The posted transactions under the entry's document number (several when it was posted more than once).</summary>
    public async Task<IReadOnlyList<IReadOnlyList<BusinessCentralLine>>> PostedAsync(string documentNumber, CancellationToken cancellationToken)
    {
        var entries = await api.ListAsync(
            api.Company("generalLedgerEntries?$filter=" + Uri.EscapeDataString("documentNumber eq " + BusinessCentralApi.Literal(documentNumber))), cancellationToken);
        return BusinessCentralBooks.Transactions(entries.Select(BusinessCentralBooks.LedgerEntry));
    }

    private async Task<IReadOnlyList<BusinessCentralLine>> WaitingAsync(string journalId, string documentNumber, CancellationToken cancellationToken)
    {
        var lines = await api.ListAsync(
            api.Company($"journals({journalId})/journalLines?$filter=" + Uri.EscapeDataString("documentNumber eq " + BusinessCentralApi.Literal(documentNumber))), cancellationToken);
        return [.. lines.Select(BusinessCentralBooks.JournalLine)];
    }

    private async Task<string?> JournalIdAsync(CancellationToken cancellationToken)
    {
        if (_journalId is { } known)
        {
            return known;
        }

        var journals = await api.ListAsync(api.Company("journals?$filter=" + Uri.EscapeDataString("code eq " + BusinessCentralApi.Literal(options.JournalCode ?? string.Empty))), cancellationToken);
        _journalId = journals.Count == 0 ? null : journals[0].GetProperty("id").GetString();
        return _journalId;
    }

    private async Task<(ErpPostingResult? Rejection, IReadOnlyList<BusinessCentralLine> Lines)> CreateLinesAsync(
        string journalId, JournalEntry entry, string documentNumber, CancellationToken cancellationToken)
    {
        var requests = new JsonArray();
        var number = 0;
        foreach (var line in entry.Lines.Where(l => l.Debit - l.Credit != 0m))
        {
            number++;
            requests.Add(new JsonObject
            {
                ["method"] = "POST",
                ["id"] = number.ToString(CultureInfo.InvariantCulture),
                ["url"] = api.Company($"journals({journalId})/journalLines"),
                ["headers"] = new JsonObject { ["Content-Type"] = "application/json" },
                ["body"] = LineBody(entry, line, documentNumber),
            });
        }

        var answer = await api.WriteAsync(
            HttpMethod.Post, "$batch", new JsonObject { ["requests"] = requests }, cancellationToken, new Dictionary<string, string> { ["Isolation"] = "snapshot" });
        if (!answer.Succeeded)
        {
            var (code, message) = answer.Error;
            return (ErpPostingResult.Rejected(BusinessCentralApi.Erp, code, message), []);
        }

        var lines = new List<BusinessCentralLine>();
        using var json = JsonDocument.Parse(answer.Body);
        foreach (var response in json.RootElement.GetProperty("responses").EnumerateArray())
        {
            var status = response.GetProperty("status").GetInt32();
            if (status is < 200 or >= 300)
            {
                // Isolation: snapshot rolled every line of the batch back; the failed request says why.
                var (code, message) = response.TryGetProperty("body", out var body)
                    ? BusinessCentralApi.ReadError(body.GetRawText(), (System.Net.HttpStatusCode)status)
                    : (null, string.Create(CultureInfo.InvariantCulture, $"HTTP {status}"));
                if (status is 408 or 429 or >= 500)
                {
                    throw new ErpUnavailableException(string.Create(
                        CultureInfo.InvariantCulture, $"{BusinessCentralApi.Erp} answered {status} ({code}) to a journal line of {entry.ExternalReference}; the snapshot batch wrote nothing: {message}"));
                }

                return (ErpPostingResult.Rejected(BusinessCentralApi.Erp, code, message), []);
            }

            lines.Add(BusinessCentralBooks.JournalLine(response.GetProperty("body")));
        }

        return (null, lines);
    }

    private JsonObject LineBody(JournalEntry entry, JournalLine line, string documentNumber) => new()
    {
        ["accountType"] = "G/L Account",
        ["accountNumber"] = line.Account,
        ["postingDate"] = entry.AccountingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["documentNumber"] = documentNumber,
        ["externalDocumentNumber"] = BusinessCentralReference.ExternalNumber(entry.ExternalReference),
        ["amount"] = line.Debit - line.Credit,
        ["description"] = BusinessCentralReference.Description(entry.ExternalReference, line.CostCenter, line.Project, line.Memo ?? entry.Description),
        ["comment"] = Comment(entry),
    };

    private async Task<ErpPostingResult> PostBatchAsync(string journalId, JournalEntry entry, string documentNumber, IReadOnlyList<BusinessCentralLine> lines, CancellationToken cancellationToken)
    {
        var answer = await api.WriteAsync(HttpMethod.Post, api.Company($"journals({journalId})/Microsoft.NAV.post"), null, cancellationToken);
        var posted = await PostedAsync(documentNumber, cancellationToken);
        if (posted.Count > 0)
        {
            // Also when the post was refused: another instance's post of the same batch may have carried our lines.
            logger.LogInformation("Posted {Reference} to Business Central as {Document}", entry.ExternalReference, documentNumber);
            return Confirmed(posted[0]);
        }

        if (answer.Succeeded)
        {
            throw new ErpOutcomeUnknownException(
                $"{BusinessCentralApi.Erp} answered the post of journal batch '{options.JournalCode}' with success, but holds no G/L entries under {documentNumber} yet.");
        }

        // Refused (closed period, blocked account, out of balance): take our lines out of the batch so it stays postable.
        foreach (var line in lines)
        {
            var deleted = await api.WriteAsync(HttpMethod.Delete, api.Company($"journals({journalId})/journalLines({line.Id})"), null, cancellationToken);
            if (!deleted.Succeeded)
            {
                logger.LogWarning("{Reference}: journal line {Line} could not be taken out of batch {Journal}: {Error}", entry.ExternalReference, line.Id, options.JournalCode, deleted.Error.Message);
            }
        }

        var (code, message) = answer.Error;
        return ErpPostingResult.Rejected(BusinessCentralApi.Erp, code, message);
    }

    private static ErpPostingResult Confirmed(IReadOnlyList<BusinessCentralLine> transaction)
    {
        var first = transaction[0];
        return new ErpPostingResult(true, first.DocumentNumber, null, new ErpConfirmation(first.DocumentNumber, null, first.PostingDate, null, first.Id));
    }

    public void Dispose() => _gate.Dispose();

    private static ErpPostingResult NotSent(string why) => new(false, null, "Not sent to Business Central: " + why);

    private static string Comment(JournalEntry entry)
    {
        var comment = $"FinanceFlow {entry.ExternalReference} ({entry.LegalEntity})";
        return comment.Length <= 250 ? comment : comment[..250];
    }
}
