using System.ComponentModel.DataAnnotations;

namespace FinanceFlow.Connectors.Hledger;

/// <summary>The <c>FinanceFlow:Erp:Hledger</c> section: where hledger-web listens and where its journal lives.</summary>
public sealed class HledgerOptions
{
    public const string SectionName = "FinanceFlow:Erp:Hledger";

    /// <summary>hledger-web started with <c>--serve-api</c>.</summary>
    [Required]
    [Url]
    public string BaseUrl { get; set; } = "http://127.0.0.1:5055";

    /// <summary>The journal hledger-web writes; when set, look-ups read it with the hledger CLI (authoritative, never stale).</summary>
    public string? JournalPath { get; set; }

    /// <summary>The hledger CLI, on PATH or a full path.</summary>
    [Required]
    public string HledgerExecutable { get; set; } = "hledger";

    /// <summary>Per-request (and per CLI run) time limit.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 10;
}
