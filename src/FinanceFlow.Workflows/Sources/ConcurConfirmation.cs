using System.Globalization;
using FinanceFlow.Connectors.Concur;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Sources;

/// <summary>Sends Concur the posting confirmation of an expense document: success with the ERP document, or error with the reasons.</summary>
public sealed class ConcurConfirmation(ConcurFisClient client, IRawPayloadStore rawPayloads, IOptionsMonitor<ConcurPostingOptions> posting) : ISourceConfirmation
{
    /// <summary>The longest <c>messageShortText</c> in Concur's posting-confirmation sample; longer texts are cut.</summary>
    public const int MaxShortText = 71;

    public string Source => SourceNames.Concur;

    public async Task<string> ConfirmAsync(ReportResult result, string rawBlobName, CancellationToken cancellationToken)
    {
        if (result.Outcome is ReportOutcome.Pending or ReportOutcome.AwaitingMasterData or ReportOutcome.PostingInDoubt)
        {
            // Not final: the report posts once master data is fixed (or the doubt is settled) and it is retried; an error confirmation now would close it in Concur.
            return $"no Concur posting confirmation while the report is {result.Outcome}";
        }

        if (string.IsNullOrWhiteSpace(rawBlobName))
        {
            throw new InvalidOperationException($"Concur report {result.ReportId} v{result.Version}: no document blob to confirm against.");
        }

        var blob = await rawPayloads.ReadAsync(rawBlobName, cancellationToken);
        var document = ConcurDocumentParser.Parse(blob.ToMemory()).Document
            ?? throw new InvalidOperationException($"The Concur document {rawBlobName} cannot be read, so its posting cannot be confirmed.");
        var documentId = document.Id is { Length: > 0 } id
            ? id
            : throw new InvalidOperationException($"The Concur document {rawBlobName} has no id, so its posting cannot be confirmed.");

        var confirmation = result.Outcome == ReportOutcome.Posted
            ? Success(documentId, document, result)
            : ConcurPostingConfirmation.Error(documentId, Messages(result));
        var answer = await client.ConfirmPostingAsync(document.DocType, confirmation, cancellationToken);
        if (!answer.IsConfirmed)
        {
            throw new InvalidOperationException(
                $"Concur did not take the posting confirmation of document {documentId}: {answer.Outcome} ({answer.Result} code {answer.Code}) {answer.Message}");
        }

        var what = confirmation.Succeeded ? $"success {result.ErpDocumentNumber}" : "error";
        return answer.Outcome == ConcurConfirmationOutcome.AlreadyConfirmed
            ? $"Concur posting confirmation of {documentId} was sent before"
            : $"Concur posting confirmation of {documentId}: {what}";
    }

    private ConcurPostingConfirmation Success(string documentId, ConcurFinancialDocument document, ReportResult result)
    {
        var number = result.ErpDocumentNumber ?? throw new InvalidOperationException($"Concur report {result.ReportId} is posted without an ERP document number.");

        // The date the journal was posted with: the document's own accounting date, else the mapped report's (as ConcurDocumentAdapter does).
        var postingDate = ConcurPostingRules.AccountingDateOf(document)
            ?? (document.Expense is null
                ? throw new InvalidOperationException($"The Concur document {documentId} carries no accounting date.")
                : JournalActivities.AccountingDateOf(ConcurExpenseMapper.Map(document, posting.CurrentValue)));

        // postingDocs[].companyId is the ERP's organizational unit (its company code), not Concur's company id: the legal
        // entity each journal was posted to, whose code is the company code in master data (legal-entities).
        var posted = result.Documents?.Where(d => !string.IsNullOrWhiteSpace(d.DocumentNumber)).ToList() ?? [];
        if (posted.Count > 0)
        {
            return ConcurPostingConfirmation.Success(documentId, [.. posted.Select(d => new ConcurPostingDocument(
                d.Entity, d.DocumentNumber!, FiscalYear(d.FiscalYear, d.PostingDate ?? postingDate), d.PostingDate ?? postingDate))]);
        }

        // A result without its documents: the legal entity the posting rules give the document (ConcurDocumentFacts.LegalEntity).
        var settings = posting.CurrentValue.For(document.CompanyId);
        var entity = !string.IsNullOrWhiteSpace(settings.LegalEntity) ? settings.LegalEntity : document.CompanyId ?? "";
        return ConcurPostingConfirmation.Success(documentId, new ConcurPostingDocument(entity, number, postingDate.Year, postingDate));
    }

    // The fiscal year the ERP booked it in where it says; else the calendar year of the posting date (the ERP's calendar is not known here).
    private static int FiscalYear(string? erpFiscalYear, DateOnly postingDate) =>
        int.TryParse(erpFiscalYear, NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : postingDate.Year;

    private static ConcurSystemMessage[] Messages(ReportResult result)
    {
        var headline = new ConcurSystemMessage("FF-" + result.Outcome.ToString().ToUpperInvariant(), Short($"Expense report {result.ReportId} was not posted: {result.Outcome}."));
        var reasons = result.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => new ConcurSystemMessage(Short(f.Code), Short(f.Message)));
        if (!string.IsNullOrWhiteSpace(result.FailureReason))
        {
            reasons = reasons.Prepend(new ConcurSystemMessage("FF-POSTING", Short(result.FailureReason)));
        }

        return [headline, .. reasons.Take(10)];
    }

    private static string Short(string text) => text.Length <= MaxShortText ? text : string.Concat(text.AsSpan(0, MaxShortText - 1), "…");
}
