namespace FinanceFlow.Core.MasterData;

/// <summary>One bad field of an imported row.</summary>
/// <param name="Pointer">JSON pointer of the field (<c>/records/3/rate</c>) for JSON bodies; null for CSV.</param>
/// <param name="Line">1-based line of the row for CSV bodies (the header is line 1); null for JSON.</param>
/// <param name="Field">The camelCase field name, or <c>key</c> for a duplicate row.</param>
/// <param name="Detail">What is wrong, in words finance can act on.</param>
public sealed record ImportError(string? Pointer, int? Line, string Field, string Detail)
{
    /// <summary>Where the error is: the pointer for JSON, <c>line N</c> for CSV.</summary>
    public string Location => Pointer ?? (Line is { } line ? $"line {line.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "");
}

/// <summary>The records of one import body that passed validation, and every error of the ones that did not.</summary>
/// <param name="Rows">How many rows the body held.</param>
public sealed record MasterDataImportResult(MasterDataKind Kind, IReadOnlyList<MasterRecord> Records, IReadOnlyList<ImportError> Errors, int Rows)
{
    /// <summary>How many rows had at least one error.</summary>
    public int RejectedRows => Rows - Records.Count;
}
