using System.Globalization;

namespace FinanceFlow.Core.Intake;

/// <summary>
/// The cap on every list of field errors a body can cause: the first <see cref="MaxListed"/>, then one entry saying how many more.
/// A body of 100,000 bad lines costs one answer of a hundred errors, not a 20 MB problem document.
/// </summary>
public static class FieldErrors
{
    /// <summary>Most errors listed; docs/http-api.md documents it.</summary>
    public const int MaxListed = 100;

    /// <summary>The message of the last entry of a capped list: <c>and 1234 more errors not listed</c>.</summary>
    public static string MoreMessage(int more) =>
        string.Create(CultureInfo.InvariantCulture, $"and {more} more error{(more == 1 ? "" : "s")} not listed (the first {MaxListed} are)");

    /// <summary><paramref name="errors"/> as they are when at most <see cref="MaxListed"/>; else the first ones and a count of the rest.</summary>
    public static IReadOnlyList<FieldError> Cap(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count <= MaxListed ? errors : Cap(errors.Take(MaxListed), errors.Count - MaxListed);
    }

    /// <summary>The first errors and one entry saying <paramref name="more"/> were left out (none when zero).</summary>
    public static IReadOnlyList<FieldError> Cap(IEnumerable<FieldError> first, int more) =>
        more <= 0 ? [.. first] : [.. first.Take(MaxListed), new FieldError("", MoreMessage(more))];
}
