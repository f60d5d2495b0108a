using System.Globalization;

namespace FinanceFlow.Core.MasterData;

/// <summary>One published rate: 1 <see cref="From"/> = <see cref="Rate"/> <see cref="To"/> on <see cref="Date"/>.</summary>
public sealed record FxRate : MasterRecord
{
    public required string From { get; init; }

    public required string To { get; init; }

    public required DateOnly Date { get; init; }

    public required decimal Rate { get; init; }

    /// <summary>Who published the rate, e.g. <c>ECB</c>; recorded on each converted journal line.</summary>
    public string RateSource { get; init; } = "import";

    public override string Key => KeyOf(From, To, Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}
