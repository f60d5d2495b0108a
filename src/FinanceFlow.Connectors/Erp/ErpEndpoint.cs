namespace FinanceFlow.Connectors.Erp;

/// <summary>The address rule every ERP setting follows: absolute https, except plain http or loopback in Development (emulators).</summary>
public static class ErpEndpoint
{
    /// <summary>Why <paramref name="value"/> may not be used for the setting <paramref name="setting"/>; null when it may.</summary>
    /// <param name="development">True when the host runs in the Development environment.</param>
    public static string? Problem(string setting, string? value, bool development)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"{setting} is required.";
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return $"{setting} '{value}' is not an absolute http(s) URL.";
        }

        if (development)
        {
            return null;
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return $"{setting} '{value}' is plain http: an ERP is reached over https outside Development.";
        }

        return uri.IsLoopback
            ? $"{setting} '{value}' is a loopback address: allowed only when the environment is Development."
            : null;
    }

    /// <summary><paramref name="value"/> as a base address whose relative paths append (a trailing slash).</summary>
    public static Uri BaseAddress(string value) => new(value.EndsWith('/') ? value : value + "/", UriKind.Absolute);
}
