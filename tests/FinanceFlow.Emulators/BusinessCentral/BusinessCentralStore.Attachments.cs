using System.Text.Json.Nodes;

namespace FinanceFlow.Emulators.BusinessCentral;

/// <summary>
/// <c>documentAttachments</c> (bc-v2-documentAttachment-create-request.http): files on posted purchase invoices, content inline
/// as base64. Like Business Central's Document Attachment table it keeps a second file of the same name as a second record:
/// not duplicating is the client's job.
/// </summary>
public sealed partial class BusinessCentralStore
{
    private const int FileNameLength = 250;

    private readonly List<JsonObject> _attachments = [];

    /// <summary>The largest file a create takes; above it the answer is 413 (Business Central online: the 350 MB body limit).</summary>
    public long MaxAttachmentBytes { get; set; } = 350L * 1024 * 1024;

    /// <summary>Every stored attachment, content included (base64 in <c>attachmentContent</c>).</summary>
    public IReadOnlyList<JsonObject> DocumentAttachments => Snapshot(_attachments);

    private IEnumerable<JsonObject> ListedAttachments() => _attachments.Select(a =>
    {
        var copy = (JsonObject)a.DeepClone();
        copy.Remove("attachmentContent");
        return copy;
    });

    private BusinessCentralAnswer CreateAttachment(JsonNode? body, List<Action>? undo)
    {
        if (body is not JsonObject input)
        {
            return Error(400, "BadRequest", "Invalid Request Body");
        }

        var fileName = Text(input, "fileName");
        if (fileName.Trim().Length == 0)
        {
            return Error(400, "BadRequest_RequiredParamNotProvided", "Field 'fileName' must not be blank or empty.");
        }

        if (Length(input, "fileName", FileNameLength) is { } tooLong)
        {
            return tooLong;
        }

        if (Text(input, "parentType") is var parentType && parentType != "Purchase Invoice")
        {
            return Error(400, "BadRequest", $"The emulator takes parentType 'Purchase Invoice' only, not '{parentType}'.");
        }

        if (!Guid.TryParse(Text(input, "parentId"), out var parentId))
        {
            return Error(400, "Application_InvalidGUID", "Invalid format of GUID string. The correct format of the GUID string is: CDEF7890-ABCD-0123-1234-567890ABCDEF where 0-9, A-F symbolizes hexadecimal digits.");
        }

        var invoice = _invoices.FirstOrDefault(i => Guid.TryParse(Text(i, "id"), out var id) && id == parentId);
        if (invoice is null)
        {
            return Error(404, "Internal_RecordNotFound", $"The Purch. Inv. Header does not exist. Identification fields and values: SystemId='{parentId}'");
        }

        if (Text(invoice, "status") == "Draft")
        {
            return Error(400, "Application_DialogException", $"Purchase invoice {Text(invoice, "number")} is not posted; the emulator attaches files to posted invoices only.");
        }

        var base64 = Text(input, "attachmentContent");
        var bytes = new byte[base64.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(base64, bytes, out var length))
        {
            return Error(400, "BadRequest", "Invalid Request Body: attachmentContent is not base64.");
        }

        if (length > MaxAttachmentBytes)
        {
            return Error(413, "RequestEntityTooLarge", "The request is larger than the server is willing or able to process.");
        }

        if (input["byteSize"] is not JsonValue size || !size.TryGetValue<long>(out var byteSize) || byteSize != length)
        {
            return Error(400, "Application_FieldValidationException", $"byteSize must be equal to the {length} bytes of attachmentContent. Current value is '{input["byteSize"]?.ToJsonString()}'.");
        }

        var attachment = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["fileName"] = fileName,
            ["byteSize"] = length,
            ["attachmentContent"] = base64,
            ["parentType"] = parentType,
            ["parentId"] = parentId.ToString(),
            ["lineNumber"] = 0,
            ["documentFlowSales"] = false,
            ["documentFlowPurchase"] = input["documentFlowPurchase"]?.GetValue<bool>() ?? false,
            ["lastModifiedDateTime"] = Now(),
        };
        _attachments.Add(attachment);
        undo?.Add(() => _attachments.Remove(attachment));
        return new BusinessCentralAnswer(201, attachment.DeepClone());
    }
}
