using System.Globalization;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Cards;

/// <summary>A card transaction of one legal entity.</summary>
public sealed record CardTransactionRef(string LegalEntity, string TransactionId);

/// <summary>What matching found: the transactions the report's journal clears, and findings about the others.</summary>
public sealed record CardMatchResult(IReadOnlyList<CardTransactionRef> Cleared, IReadOnlyList<Finding> Findings)
{
    public static CardMatchResult None { get; } = new([], []);

    /// <summary>The transactions the report credits to the card payable because no batch journal holds them: the report's claims.</summary>
    public IReadOnlyList<ReportedCardTransaction> Reported { get; init; } = [];

    /// <summary>The cleared transaction ids, as the posting rules take them.</summary>
    public IReadOnlyList<string> ClearedIds => [.. Cleared.Select(c => c.TransactionId).Distinct(StringComparer.Ordinal)];
}

/// <summary>
/// Decides which company-card lines of a report clear a card transaction the feed already booked. A line clears its transaction
/// when a batch journal holds it (built or posted), in the report's currency, and no other report matched it. A transaction no
/// batch journal holds yet leaves the line crediting CardPayable, with a warning, once the report has claimed it (see
/// <see cref="CardTransactionRules.Claim"/>); one matched to or claimed by another report is an error.
/// </summary>
public static class CardMatching
{
    public const string Unknown = "card-transaction-unknown";
    public const string NotPosted = "card-transaction-not-posted";
    public const string MatchedElsewhere = "card-transaction-matched-elsewhere";
    public const string CurrencyDiffers = "card-transaction-currency-differs";
    public const string AmountDiffers = "card-transaction-amount-differs";
    public const string EmployeeDiffers = "card-transaction-employee-differs";
    public const string NotCompanyCard = "card-transaction-not-company-card";
    public const string ReportedBeforeFeed = "card-transaction-reported-before-feed";

    /// <summary>Every card transaction the report's lines name, in the entity that books each line.</summary>
    public static IReadOnlyList<CardTransactionRef> Named(ExpenseReport report) =>
        [.. report.Lines
            .Where(l => l.PaymentType == PaymentType.CompanyCard && l.CardTransactionId is not null)
            .Select(l => new CardTransactionRef(EntityOf(report, l), l.CardTransactionId!))
            .Distinct()];

    /// <param name="known">
    /// The stored transactions among <see cref="Named"/>, after the report claimed its <see cref="CardMatchResult.Reported"/>
    /// ones; a missing key is a transaction the feed has not delivered.
    /// </param>
    public static CardMatchResult Match(ExpenseReport report, IReadOnlyDictionary<CardTransactionRef, CardTransactionRecord> known)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(known);
        var findings = new List<Finding>();
        var cleared = new List<CardTransactionRef>();
        var reported = new List<ReportedCardTransaction>();
        var reportName = report.Key.ToString();
        for (var i = 0; i < report.Lines.Count; i++)
        {
            if (report.Lines[i] is { CardTransactionId: { } named, PaymentType: PaymentType.OutOfPocket })
            {
                findings.Add(Warn(NotCompanyCard, $"Line {report.Lines[i].LineId} is out of pocket: its card transaction {named} is not cleared.", i));
            }
        }

        foreach (var group in report.Lines.Select((line, index) => (line, index))
                     .Where(x => x.line.PaymentType == PaymentType.CompanyCard && x.line.CardTransactionId is not null)
                     .GroupBy(x => new CardTransactionRef(EntityOf(report, x.line), x.line.CardTransactionId!)))
        {
            var id = group.Key.TransactionId;
            var first = group.First().index;
            var amount = group.Sum(x => x.line.GrossAmount);
            var booked = new ReportedCardTransaction(group.Key, amount, report.Currency, report.Employee.Id, report.Lines[first].TransactionDate, report.Lines[first].Merchant);
            var stored = known.GetValueOrDefault(group.Key);
            if (stored is { State: not CardMatchState.Unmatched } && !string.Equals(stored.MatchedReport, reportName, StringComparison.Ordinal))
            {
                findings.Add(new Finding(MatchedElsewhere, stored.State == CardMatchState.Clearing
                    ? $"Card transaction {id} is being cleared by report {stored.MatchedReport}, whose posting has not finished; a card transaction settles one report."
                    : $"Card transaction {id} is already matched to report {stored.MatchedReport}; a card transaction settles one report.", Pointer(first)));
                continue;
            }

            if (stored is null || (stored.BookedByReport && stored.BatchId is null))
            {
                findings.Add(Warn(Unknown, $"Card transaction {id} is not known in entity {group.Key.LegalEntity} yet (the card feed has not delivered it): the line is credited to the card payable, and its batch will leave it out.", first));
                reported.Add(booked);
                continue;
            }

            if (stored.BookedByReport && stored.State == CardMatchState.Matched)
            {
                // This report credited the card payable with it before the feed; its batch left it out, so there is nothing to clear.
                findings.Add(Warn(ReportedBeforeFeed, $"Card transaction {id} was credited to the card payable by this report before the card feed booked it: it stays there.", first));
                reported.Add(booked);
                continue;
            }

            if (stored.BookedByReport || !stored.InBatchJournal)
            {
                // No batch journal holds it yet: the report claims it (or holds its claim) and its batch journal leaves it out.
                findings.Add(Warn(NotPosted, $"Card transaction {id} (batch {stored.BatchId}) is not in the ledger yet: the line is credited to the card payable, and its batch journal leaves it out.", first));
                reported.Add(booked);
                continue;
            }

            if (!string.Equals(stored.Currency, report.Currency, StringComparison.Ordinal))
            {
                findings.Add(Warn(CurrencyDiffers, $"Card transaction {id} is in {stored.Currency}, the report in {report.Currency}: not cleared, the line is credited to the card payable.", first));
                continue;
            }

            if (amount != stored.Amount)
            {
                findings.Add(Warn(AmountDiffers, string.Create(CultureInfo.InvariantCulture,
                    $"Card transaction {id} is {stored.Amount} {stored.Currency}, the lines naming it {amount}: card clearing keeps {stored.Amount - amount}."), first));
            }

            if (!string.Equals(stored.EmployeeId, report.Employee.Id, StringComparison.OrdinalIgnoreCase))
            {
                findings.Add(Warn(EmployeeDiffers, $"Card transaction {id} belongs to card holder {stored.EmployeeId}, the report to employee {report.Employee.Id}.", first));
            }

            cleared.Add(group.Key);
        }

        return new CardMatchResult(cleared, findings) { Reported = reported };
    }

    private static string EntityOf(ExpenseReport report, ExpenseLine line) =>
        string.IsNullOrWhiteSpace(line.LegalEntity) ? report.LegalEntity : line.LegalEntity.Trim();

    private static string Pointer(int index) => string.Create(CultureInfo.InvariantCulture, $"/lines/{index}/cardTransactionId");

    private static Finding Warn(string code, string message, int index) => new(code, message, Pointer(index), FindingSeverity.Warning);
}
