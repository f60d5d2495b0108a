using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Reconciliation;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Connectors.BusinessCentral;

/// <summary>
/// Receipts onto a posted purchase invoice through <c>documentAttachments</c> (<c>parentType</c> <c>Purchase Invoice</c>,
/// <c>parentId</c> the invoice's id). The invoice's attachments are listed before every create and a file name already there is
/// not sent again, so the retry after a lost answer finds the first copy instead of adding a second. A posted journal has no
/// document in API v2.0 to attach to: a file for one is refused (no posted purchase invoice has its number).
/// </summary>
internal sealed class BusinessCentralAttachments(BusinessCentralApi api, ILogger logger)
{
    /// <summary>The <c>parentType</c> of a purchase invoice, posted or not.</summary>
    public const string ParentType = "Purchase Invoice";

    public async Task AttachAsync(ErpConfirmation document, string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (document.DocumentNumber.StartsWith(LedgerReconciliation.ReferencePrefix, StringComparison.Ordinal))
        {
            // A journal's document number is our reference; a purchase invoice's comes from Business Central's number series.
            throw NoInvoice(document, fileName);
        }

        var parentId = await ParentIdAsync(document, fileName, cancellationToken);
        var filter = $"parentType eq {BusinessCentralApi.Literal(ParentType)} and parentId eq {parentId}";
        var existing = await api.ListAsync(api.Company("documentAttachments?$filter=" + Uri.EscapeDataString(filter)), cancellationToken);
        if (existing.Any(a => a.TryGetProperty("fileName", out var name) && name.GetString() == fileName))
        {
            logger.LogInformation("{File} is already attached to Business Central purchase invoice {Number}", fileName, document.DocumentNumber);
            return;
        }

        BusinessCentralAnswer answer;
        try
        {
            answer = await api.WriteAsync(HttpMethod.Post, api.Company("documentAttachments"), Body(fileName, content, parentId), cancellationToken);
        }
        catch (ErpOutcomeUnknownException ex)
        {
            // Safe to retry, unlike a posting: the next attempt lists the invoice's files first and finds this one if it arrived.
            throw new ErpUnavailableException($"{ex.Message} The next attempt lists the invoice's attachments first, so {fileName} is not attached twice.", ex);
        }

        if (!answer.Succeeded)
        {
            var (code, message) = answer.Error;
            var status = string.Create(CultureInfo.InvariantCulture, $"{(int)answer.Status} {code}").TrimEnd();
            throw new ErpAttachmentRejectedException(answer.Status == HttpStatusCode.RequestEntityTooLarge
                ? string.Create(CultureInfo.InvariantCulture, $"{BusinessCentralApi.Erp} refused {fileName} ({content.Length} bytes) as too large ({status}): {message}")
                : $"{BusinessCentralApi.Erp} refused {fileName} on purchase invoice {document.DocumentNumber} ({status}): {message}");
        }

        logger.LogInformation("Attached {File} to Business Central purchase invoice {Number}", fileName, document.DocumentNumber);
    }

    // The confirmation carries the invoice's id when this connector posted it; a confirmation rebuilt from the number alone
    // (a posting found again after a lost answer) is resolved through the posted invoice with that number.
    private async Task<string> ParentIdAsync(ErpConfirmation document, string fileName, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(document.InternalId, out var id))
        {
            return id.ToString();
        }

        var filter = $"number eq {BusinessCentralApi.Literal(document.DocumentNumber)}";
        var invoices = await api.ListAsync(api.Company("purchaseInvoices?$filter=" + Uri.EscapeDataString(filter)), cancellationToken);
        var posted = invoices.FirstOrDefault(i => i.TryGetProperty("status", out var s) && s.GetString() != "Draft");
        return posted.ValueKind == JsonValueKind.Object && posted.TryGetProperty("id", out var found) && Guid.TryParse(found.GetString(), out var foundId)
            ? foundId.ToString()
            : throw NoInvoice(document, fileName);
    }

    private static ErpAttachmentRejectedException NoInvoice(ErpConfirmation document, string fileName) => new(
        $"{BusinessCentralApi.Erp} holds no posted purchase invoice {document.DocumentNumber} to attach {fileName} to (a journal posting takes no attachments "
        + "through API v2.0: the file stays with the report in FinanceFlow; attach it in Business Central by hand, or book the entity as VendorBill).");

    private static JsonObject Body(string fileName, ReadOnlyMemory<byte> content, string parentId) => new()
    {
        ["fileName"] = fileName,
        ["byteSize"] = content.Length,
        ["attachmentContent"] = Convert.ToBase64String(content.Span),
        ["parentType"] = ParentType,
        ["parentId"] = parentId,
    };
}
