namespace FinanceFlow.Connectors.Erp;

/// <summary>How the ERP confirmed a posting: shown on the report's status and sent back to the expense platform.</summary>
/// <param name="DocumentNumber">The ERP's own document number (e.g. Business Central's journal document number, NetSuite's tranId, S/4HANA's AccountingDocument).</param>
/// <param name="FiscalYear">The fiscal year the ERP booked it in, where the ERP says (S/4HANA always does).</param>
/// <param name="PostingDate">The posting date the ERP booked.</param>
/// <param name="Link">Where a person opens the document in the ERP, where the ERP has such an address.</param>
/// <param name="InternalId">The ERP's technical id (NetSuite internal id, Business Central system id), for read-backs and attachments.</param>
public sealed record ErpConfirmation(string DocumentNumber, string? FiscalYear = null, DateOnly? PostingDate = null, Uri? Link = null, string? InternalId = null);
