using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Messaging;

/// <summary>Deterministic status event ids: the report version's instance id and the type, so every retry or replay repeats the id.</summary>
public static class StatusEventIds
{
    /// <summary>Service Bus <c>MessageId</c> (and the duplicate-detection key) is at most 128 characters.</summary>
    public const int MaxLength = 128;

    /// <summary><c>expense:{source}:{reportId}:v{version}:{posted|…}</c>, plus <c>:{paymentReference}</c> for a payment (one report may be paid in parts).</summary>
    public static string For(ReportKey report, int version, string type, string? paymentReference = null)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{report.InstanceId(version)}:{StatusEventTypes.Suffix(type)}");
        if (paymentReference is not null)
        {
            id += ":" + paymentReference;
        }

        // Long ids (long payment references) keep their readable head and a hash of the whole, still deterministic.
        return id.Length <= MaxLength ? id : id[..60] + ":h" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
    }

    /// <summary>The CloudEvents <c>source</c> of a FinanceFlow source's events.</summary>
    public static string SourceUri(string source) => "/financeflow/" + source;
}
