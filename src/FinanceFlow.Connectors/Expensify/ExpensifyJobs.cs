using System.Globalization;
using System.Text.Json.Nodes;

namespace FinanceFlow.Connectors.Expensify;

/// <summary>The <c>requestJobDescription</c> documents, shaped as Expensify's Integration Server documents its requests.</summary>
internal static class ExpensifyJobs
{
    /// <summary>reportExporter: reports of one date window in the configured states not yet carrying our label, rendered with our template; no onFinish.</summary>
    /// <remarks>
    /// The reference combines the export with <c>onFinish markAsExported</c>; FinanceFlow must not mark a report before it is
    /// posted, so the pull only filters on the label and <see cref="MarkAsExported"/> sets it later.
    /// </remarks>
    public static JsonObject ExportApproved(ExpensifyOptions options, ExpensifyExportWindow window)
    {
        var filters = new JsonObject
        {
            ["startDate"] = window.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["endDate"] = window.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["markedAsExported"] = options.ExportLabel,
        };
        if (options.PolicyIds.Count > 0)
        {
            filters["policyIDList"] = string.Join(',', options.PolicyIds);
        }

        var input = new JsonObject
        {
            ["type"] = "combinedReportData",
            ["reportState"] = options.ReportStates,
        };
        if (options.ExportLimit is { } limit)
        {
            input["limit"] = limit.ToString(CultureInfo.InvariantCulture);
        }

        input["filters"] = filters;
        return File(options, input, onFinish: null);
    }

    /// <summary>reportExporter on an id list whose only purpose is its <c>onFinish markAsExported</c> action.</summary>
    public static JsonObject MarkAsExported(ExpensifyOptions options, IReadOnlyList<string> reportIds, string label)
    {
        var input = new JsonObject
        {
            ["type"] = "combinedReportData",
            ["filters"] = new JsonObject { ["reportIDList"] = string.Join(',', reportIds) },
        };
        var onFinish = new JsonArray(new JsonObject { ["actionName"] = "markAsExported", ["label"] = label });
        return File(options, input, onFinish);
    }

    /// <summary>downloader: fetches a file the exporter generated.</summary>
    public static JsonObject Download(ExpensifyOptions options, string fileName) => new()
    {
        ["type"] = "download",
        ["credentials"] = Credentials(options),
        ["fileName"] = fileName,
        ["fileSystem"] = "integrationServer",
    };

    /// <summary>reportStatusUpdater: moves approved reports to REIMBURSED.</summary>
    public static JsonObject MarkReimbursed(ExpensifyOptions options, IReadOnlyList<string> reportIds, string? paymentSource)
    {
        var input = new JsonObject
        {
            ["type"] = "reportStatus",
            ["status"] = "REIMBURSED",
        };
        if (!string.IsNullOrWhiteSpace(paymentSource))
        {
            input["paymentSource"] = paymentSource;
        }

        input["filters"] = new JsonObject { ["reportIDList"] = string.Join(',', reportIds) };
        return new JsonObject
        {
            ["type"] = "update",
            ["credentials"] = Credentials(options),
            ["inputSettings"] = input,
        };
    }

    private static JsonObject File(ExpensifyOptions options, JsonObject inputSettings, JsonArray? onFinish)
    {
        var job = new JsonObject
        {
            ["type"] = "file",
            ["credentials"] = Credentials(options),
            ["onReceive"] = new JsonObject { ["immediateResponse"] = new JsonArray("returnRandomFileName") },
            ["inputSettings"] = inputSettings,
            ["outputSettings"] = new JsonObject { ["fileExtension"] = "json", ["fileBasename"] = "financeflow" },
        };
        if (onFinish is not null)
        {
            job["onFinish"] = onFinish;
        }

        return job;
    }

    private static JsonObject Credentials(ExpensifyOptions options) => new()
    {
        ["partnerUserID"] = options.PartnerUserId,
        ["partnerUserSecret"] = options.PartnerUserSecret,
    };
}
