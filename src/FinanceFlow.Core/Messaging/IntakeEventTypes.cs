namespace FinanceFlow.Core.Messaging;

/// <summary>The CloudEvents <c>type</c> values of the intake queue.</summary>
public static class IntakeEventTypes
{
    /// <summary>One expense report (a source document) to run through the pipeline.</summary>
    public const string ReportSubmitted = "financeflow.expense.report.submitted";

    /// <summary>A batch of card transactions (docs/schemas/card-transactions.schema.json), booked to card clearing by ProcessCardBatch.</summary>
    public const string CardTransactions = "financeflow.card.transactions";

    /// <summary>
    /// Written only by FinanceFlow's Service Bus relay (Functions host): a message it has validated and kept in blob storage, for the
    /// queue trigger to handle under the original MessageId. <c>data</c> is an <see cref="IntakeRelayTicket"/>.
    /// </summary>
    public const string Relayed = "financeflow.intake.relayed";

    /// <summary>The CloudEvents extension attribute naming the FinanceFlow source of <c>data</c>.</summary>
    public const string SourceExtension = "financeflowsource";
}
