using Microsoft.Extensions.Configuration;

namespace FinanceFlow.Infrastructure.Audit;

/// <summary>
/// Where the audit table lives when it is not in <c>AzureWebJobsStorage</c>: the <c>AuditStorage</c> setting, a connection string or
/// <c>AuditStorage__tableServiceUri</c> (or <c>__accountName</c>, and <c>__clientId</c>) for identity-based access. In Azure it is an
/// account of its own, where the app's identity may add and read audit rows but not change or delete them (docs/azure.md).
/// </summary>
internal sealed record AuditStorage(string? ConnectionString, Uri? TableServiceUri, string? ClientId)
{
    public const string SettingName = "AuditStorage";

    /// <summary>The separate audit account the setting names; null when it is not set (the audit table is in the main account).</summary>
    public static AuditStorage? From(IConfiguration configuration)
    {
        var section = configuration.GetSection(SettingName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new AuditStorage(section.Value, null, null);
        }

        var uri = section["tableServiceUri"];
        var account = section["accountName"];
        var clientId = string.IsNullOrWhiteSpace(section["clientId"]) ? null : section["clientId"];
        if (!string.IsNullOrWhiteSpace(uri))
        {
            return Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
                ? new AuditStorage(null, parsed, clientId)
                : throw new InvalidOperationException($"'{SettingName}:tableServiceUri' is not an absolute URI: '{uri}'.");
        }

        return string.IsNullOrWhiteSpace(account) ? null : new AuditStorage(null, new Uri($"https://{account}.table.core.windows.net"), clientId);
    }
}
