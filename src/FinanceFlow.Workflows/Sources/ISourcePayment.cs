using FinanceFlow.Core.Model;

namespace FinanceFlow.Workflows.Sources;

/// <summary>Tells a source system that the ERP paid a report, in the way that system expects (Concur's payment confirmation, Expensify's REIMBURSED).</summary>
public interface ISourcePayment
{
    string Source { get; }

    /// <summary>Reports the payment; returns what the platform answered, for the audit row.</summary>
    /// <param name="rawBlobName">The source document the run read (the orchestration input's raw payload), null when the run's history is gone.</param>
    /// <exception cref="SourcePaymentException">The platform could not be told; its <see cref="SourcePaymentException.Failure"/> says whether to try again.</exception>
    Task<string> ConfirmPaymentAsync(ReportPayment payment, string? rawBlobName, CancellationToken cancellationToken);
}

/// <summary>One payment of a posted report, as the payment operation hands it to the source.</summary>
/// <param name="ErpDocumentNumber">The ERP document the payment cleared: the one the payment run names, else the posting's.</param>
/// <param name="PaymentMethod"><c>E</c> (transfer) or <c>C</c> (check).</param>
/// <param name="PaidAmount">The total paid including this payment.</param>
/// <param name="FullyPaid">True when <paramref name="PaidAmount"/> covers the report total.</param>
public sealed record ReportPayment(
    ReportKey Report,
    int Version,
    string InstanceId,
    string? EmployeeId,
    string? EmployeeName,
    DateTimeOffset PaidAt,
    decimal Amount,
    string Currency,
    string PaymentReference,
    string PaymentMethod,
    string? ErpDocumentNumber,
    decimal PaidAmount,
    bool FullyPaid);
