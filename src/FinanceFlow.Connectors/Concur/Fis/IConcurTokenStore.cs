namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>Where the company's latest refresh token and its geolocation are kept, so a restart uses the one Concur issued last.</summary>
/// <remarks>Concur may return a new refresh token on every refresh and asks that the stored one be overwritten each time.</remarks>
public interface IConcurTokenStore
{
    /// <summary>The token saved last; null when none was saved yet (or it cannot be read any more).</summary>
    Task<ConcurStoredToken?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the saved token.</summary>
    Task SaveAsync(ConcurStoredToken token, CancellationToken cancellationToken);
}

/// <summary>A company refresh token as Concur returned it.</summary>
/// <param name="RefreshToken">The refresh token to use next; never logged.</param>
/// <param name="Geolocation">The token's <c>geolocation</c>: the base URI for refreshing it and for every API call made with it.</param>
/// <param name="SeedHash">SHA-256 (hex) of the configured <c>CompanyRefreshToken</c> this one descends from: a new configured token wins over it.</param>
/// <param name="SavedAt">When it was saved.</param>
public sealed record ConcurStoredToken(string RefreshToken, string? Geolocation, string SeedHash, DateTimeOffset SavedAt);
