using FinanceFlow.Core.Model;

namespace FinanceFlow.Cli.Commands;

/// <summary>What both commands need: where the host is and the secret the source signs with.</summary>
public sealed record CommonSettings(Uri BaseUrl, string Source, string Secret)
{
    public static CommonSettings From(CommandLineOptions options)
    {
        var url = options.RequiredString("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url must be an absolute http(s) URL, not '{url}'.");
        }

        var source = options.String("source") ?? SourceNames.Canonical;
        var variable = $"FinanceFlow__Sources__{source}__WebhookSecret";
        var secret = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new UsageException($"Environment variable {variable} is not set (the whsec_ secret the host checks signatures with).");
        }

        return new CommonSettings(baseUrl, source, secret.Trim());
    }
}
