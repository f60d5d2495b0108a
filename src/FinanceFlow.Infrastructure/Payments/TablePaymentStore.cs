using System.Globalization;
using Azure.Data.Tables;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Provisioning;

namespace FinanceFlow.Infrastructure.Payments;

/// <summary>
/// Payments in Table <c>Payments</c>: PartitionKey the report (SHA-256 of source and report id, which the rows also hold as they are),
/// RowKey <c>balance</c> for the balance and <c>payment|{SHA-256 of the reference}</c> per payment (references compare case-sensitively). Every change writes a payment row and the balance row in one transaction on their ETags.
/// </summary>
public sealed class TablePaymentStore(TableServiceClient tables) : IPaymentStore
{
    public const string TableName = "Payments";
    public const string BalanceRowKey = "balance";
    private const string PaymentRowPrefix = "payment|";
    private const int MaxAttempts = 20;

    public async Task<PaymentReservation> ReserveAsync(PaymentRecord payment, decimal total, decimal paidBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var partition = Partition(payment.Report);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var balanceRow = await ReadAsync(table, partition, BalanceRowKey, cancellationToken);
            var balance = balanceRow is null ? new PaymentBalance(paidBefore, 0m) : ToBalance(balanceRow);
            var existing = await ReadAsync(table, partition, RowKey(payment.PaymentReference), cancellationToken);
            if (existing is not null)
            {
                var found = ToRecord(payment.Report, existing);
                var outcome = found.Fingerprint != payment.Fingerprint ? ReservationOutcome.ReferenceReused
                    : found.State == PaymentState.Confirmed ? ReservationOutcome.AlreadyConfirmed
                    : ReservationOutcome.Pending;
                return new PaymentReservation(outcome, found, balance);
            }

            if (payment.Amount > total - balance.Committed)
            {
                return new PaymentReservation(ReservationOutcome.OverPaid, null, balance);
            }

            var after = balance with { Reserved = balance.Reserved + payment.Amount };
            var pending = payment with { State = PaymentState.Pending, ConfirmedAt = null };
            if (await TrySubmitAsync(table, [new(TableTransactionActionType.Add, ToEntity(partition, pending)), BalanceAction(partition, after, balanceRow)], cancellationToken))
            {
                return new PaymentReservation(ReservationOutcome.Reserved, null, after);
            }
        }

        throw new InvalidOperationException($"The payments of report {payment.Report} kept changing under {MaxAttempts} attempts to reserve {payment.PaymentReference}.");
    }

    public async Task<PaymentBalance> ConfirmAsync(ReportKey report, string paymentReference, DateTimeOffset confirmedAt, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var partition = Partition(report);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (row, balanceRow) = await ReadBothAsync(table, partition, paymentReference, cancellationToken);
            var payment = ToRecord(report, row);
            var balance = ToBalance(balanceRow);
            if (payment.State == PaymentState.Confirmed)
            {
                return balance;
            }

            var after = new PaymentBalance(balance.Confirmed + payment.Amount, balance.Reserved - payment.Amount);
            var confirmed = payment with { State = PaymentState.Confirmed, ConfirmedAt = confirmedAt };
            if (await TrySubmitAsync(
                table, [new(TableTransactionActionType.UpdateReplace, ToEntity(partition, confirmed), row.ETag), BalanceAction(partition, after, balanceRow)], cancellationToken))
            {
                return after;
            }
        }

        throw new InvalidOperationException($"The payments of report {report} kept changing under {MaxAttempts} attempts to confirm {paymentReference}.");
    }

    public async Task ReleaseAsync(ReportKey report, string paymentReference, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var partition = Partition(report);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (row, balanceRow) = await ReadBothAsync(table, partition, paymentReference, cancellationToken);
            var payment = ToRecord(report, row);
            if (payment.State == PaymentState.Confirmed)
            {
                return;
            }

            var balance = ToBalance(balanceRow);
            var after = balance with { Reserved = balance.Reserved - payment.Amount };
            if (await TrySubmitAsync(table, [new(TableTransactionActionType.Delete, row, row.ETag), BalanceAction(partition, after, balanceRow)], cancellationToken))
            {
                return;
            }
        }

        throw new InvalidOperationException($"The payments of report {report} kept changing under {MaxAttempts} attempts to release {paymentReference}.");
    }

    public async Task<IReadOnlyList<PaymentRecord>> ListAsync(ReportKey report, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var partition = Partition(report);
        var payments = new List<PaymentRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken))
        {
            if (row.RowKey.StartsWith(PaymentRowPrefix, StringComparison.Ordinal))
            {
                payments.Add(ToRecord(report, row));
            }
        }

        return [.. payments.OrderBy(p => p.ReservedAt)];
    }

    private static async Task<(TableEntity Payment, TableEntity Balance)> ReadBothAsync(TableClient table, string partition, string paymentReference, CancellationToken cancellationToken)
    {
        var row = await ReadAsync(table, partition, RowKey(paymentReference), cancellationToken)
            ?? throw new InvalidOperationException($"Payment {paymentReference} of {partition} is not reserved.");
        var balanceRow = await ReadAsync(table, partition, BalanceRowKey, cancellationToken)
            ?? throw new InvalidOperationException($"Payments of {partition} have no balance row.");
        return (row, balanceRow);
    }

    private static async Task<bool> TrySubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another request changed the report's payments between our read and our write: read again.
            return false;
        }
    }

    private static TableTransactionAction BalanceAction(string partition, PaymentBalance balance, TableEntity? current)
    {
        var entity = new TableEntity(partition, BalanceRowKey)
        {
            ["Confirmed"] = balance.Confirmed.ToString(CultureInfo.InvariantCulture),
            ["Reserved"] = balance.Reserved.ToString(CultureInfo.InvariantCulture),
        };
        return current is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.ETag);
    }

    private static string Partition(ReportKey report) => Sha256.Hex(report.Source.ToLowerInvariant() + "\n" + report.ReportId)[..40];

    private static string RowKey(string paymentReference) => PaymentRowPrefix + Sha256.Hex(paymentReference)[..40];

    private static async Task<TableEntity?> ReadAsync(TableClient table, string partition, string rowKey, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    private static TableEntity ToEntity(string partition, PaymentRecord payment) => new(partition, RowKey(payment.PaymentReference))
    {
        ["Source"] = payment.Report.Source,
        ["ReportId"] = payment.Report.ReportId,
        ["PaymentReference"] = payment.PaymentReference,
        ["Amount"] = payment.Amount.ToString(CultureInfo.InvariantCulture),
        ["Currency"] = payment.Currency,
        ["Fingerprint"] = payment.Fingerprint,
        ["State"] = payment.State.ToString(),
        ["ReservedAt"] = payment.ReservedAt,
        ["ConfirmedAt"] = payment.ConfirmedAt,
    };

    private static PaymentRecord ToRecord(ReportKey report, TableEntity row) => new(
        report,
        row.GetString("PaymentReference") ?? string.Empty,
        decimal.Parse(row.GetString("Amount") ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture),
        row.GetString("Currency") ?? string.Empty,
        row.GetString("Fingerprint") ?? string.Empty,
        Enum.TryParse<PaymentState>(row.GetString("State"), out var state) ? state : PaymentState.Pending,
        row.GetDateTimeOffset("ReservedAt") ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset("ConfirmedAt"));

    private static PaymentBalance ToBalance(TableEntity row) => new(
        decimal.Parse(row.GetString("Confirmed") ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture),
        decimal.Parse(row.GetString("Reserved") ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture));
}
