namespace FinanceFlow.Connectors.Concur;

/// <summary>What one journal row of an expense entry means for the company's books.</summary>
internal enum ConcurRowKind
{
    /// <summary>Business, COMP → EMPL/IBIP/IBCP/CBCP/COPD: the company owes the payee; a negative amount is a credit.</summary>
    CompanyPays,

    /// <summary>Business, EMPL/IBIP/IBCP/CBCP/COPD → COMP: the party gives money back (use case 1.2, a card credit), whatever the sign.</summary>
    PartyRefunds,

    /// <summary>Personal, COMP → IBCP/CBCP/COPD: the company pays the card for the employee's personal charge.</summary>
    PersonalCharge,

    /// <summary>EMPL → COMP, or EMPL → CBCP/COPD (cards the company pays): the employee owes the company for a personal charge.</summary>
    EmployeeOwes,

    /// <summary>EMPL → IBCP/IBIP: the employee pays an individually billed card themselves; nothing for the company's books.</summary>
    EmployeePaysOwnCard,
}

/// <summary>Reads a journal row's payer and payee (and the entry's personal flag) as one <see cref="ConcurRowKind"/>.</summary>
internal static class ConcurRowFlow
{
    /// <summary>Individually billed, individually paid card: the employee's own liability, settled like cash (use case "Payment via Employee Vendor Account").</summary>
    public const string IndividuallyPaidCard = "IBIP";

    /// <summary>The kind of a row, or null when the combination means nothing the posting rules can book.</summary>
    public static ConcurRowKind? Classify(string? payer, string? payee, bool personal)
    {
        var from = ConcurPaymentCodes.Normalize(payer);
        var to = ConcurPaymentCodes.Normalize(payee);
        return (from, to) switch
        {
            (ConcurPaymentCodes.Employee, ConcurPaymentCodes.IndividuallyBilledCard or IndividuallyPaidCard) => ConcurRowKind.EmployeePaysOwnCard,
            (ConcurPaymentCodes.Employee, ConcurPaymentCodes.CompanyBilledCard or ConcurPaymentCodes.CompanyPaid) => ConcurRowKind.EmployeeOwes,
            (ConcurPaymentCodes.Employee, ConcurPaymentCodes.Company) when personal => ConcurRowKind.EmployeeOwes,
            (ConcurPaymentCodes.Company, var card) when personal && ConcurPaymentCodes.IsCompanyPaid(card) => ConcurRowKind.PersonalCharge,
            (ConcurPaymentCodes.Company, var party) when !personal && IsParty(party) => ConcurRowKind.CompanyPays,
            (var party, ConcurPaymentCodes.Company) when !personal && IsParty(party) => ConcurRowKind.PartyRefunds,
            _ => null,
        };
    }

    /// <summary>The party a row settles with: IBIP is the employee (the employee pays that card).</summary>
    public static string Party(string? code) =>
        ConcurPaymentCodes.Normalize(code) is IndividuallyPaidCard ? ConcurPaymentCodes.Employee : ConcurPaymentCodes.Normalize(code)!;

    /// <summary>The non-company side of a row.</summary>
    public static string Counterparty(ConcurJournalRow row) =>
        ConcurPaymentCodes.Normalize(row.JournalPayer) == ConcurPaymentCodes.Company ? Party(row.JournalPayee) : Party(row.JournalPayer);

    private static bool IsParty(string? code) =>
        code is ConcurPaymentCodes.Employee or IndividuallyPaidCard || ConcurPaymentCodes.IsCompanyPaid(code);
}
