using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors.Expensify;

/// <summary>Typed client for the Expensify Integration Server: pulls approved reports, marks them exported, marks them reimbursed.</summary>
/// <remarks>
/// <para>A scheduled pull (Functions timer trigger, self-host schedule) uses it in this order:</para>
/// <list type="number">
/// <item><see cref="ExportApprovedReportsAsync"/> returns the approved reports that do not carry the export label yet.</item>
/// <item>Each report goes through <see cref="ExpensifyReportMapper.Map"/> and, when it has no error findings, starts the pipeline
/// under <c>new ReportKey(SourceNames.Expensify, report.ReportId).InstanceId(1)</c>, so a report pulled twice never runs twice.</item>
/// <item>Only once the report is posted: <see cref="MarkAsExportedAsync"/> with <see cref="ExpensifyOptions.ExportLabel"/>. Until
/// then every pull returns it again, which the deterministic instance id absorbs. A rejected report is not marked and keeps
/// coming back until it is fixed in Expensify.</item>
/// <item>When payment is confirmed: <see cref="MarkReimbursedAsync"/>, and retry the ids in <see cref="ExpensifyStatusUpdate.Failed"/>.</item>
/// </list>
/// <para>Every request waits for <see cref="ExpensifyRateLimiter"/>. Failures: <see cref="ExpensifyUnavailableException"/> is worth
/// retrying (the caller's one retry layer: the activity's RetryPolicy or the next tick); <see cref="ExpensifyConfigurationException"/>
/// and <see cref="ExpensifyRequestException"/> are not.</para>
/// </remarks>
public sealed class ExpensifyClient(
    HttpClient http, ExpensifyRateLimiter limiter, IOptions<ExpensifyOptions> options, TimeProvider time, ILogger<ExpensifyClient> logger)
{
    private const string TemplateResource = "FinanceFlow.Connectors.Expensify.Templates.financeflow-export.ftl";
    private static readonly Lazy<string> Template = new(LoadTemplate);

    private readonly ExpensifyOptions _options = options.Value;

    /// <summary>The Freemarker template sent with every export (<c>Templates/financeflow-export.ftl</c>, embedded).</summary>
    public static string ExportTemplate => Template.Value;

    /// <summary>Exports approved (and reimbursed) reports not yet marked with the export label, window by window, and reads them.</summary>
    public async Task<IReadOnlyList<ExpensifyReport>> ExportApprovedReportsAsync(CancellationToken cancellationToken = default)
    {
        var reports = new List<ExpensifyReport>();
        foreach (var window in Windows())
        {
            reports.AddRange(ExpensifyExportReader.ReadExport(await ExportApprovedFileAsync(window, cancellationToken)));
        }

        return reports;
    }

    /// <summary>Like <see cref="ExportApprovedReportsAsync"/>, but each report also as its own JSON text, to be kept as the raw payload.</summary>
    public async Task<IReadOnlyList<string>> ExportApprovedReportDocumentsAsync(CancellationToken cancellationToken = default)
    {
        var documents = new List<string>();
        foreach (var window in Windows())
        {
            var file = await ExportApprovedFileAsync(window, cancellationToken);
            _ = ExpensifyExportReader.ReadExport(file);
            using var document = JsonDocument.Parse(file);
            documents.AddRange(document.RootElement.EnumerateArray().Select(r => r.GetRawText()));
        }

        return documents;
    }

    // Checked before the first window is computed, so a disabled source refuses without calling Expensify.
    private IReadOnlyList<ExpensifyExportWindow> Windows() =>
        ExpensifyExportWindow.UpTo(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), Settings().ExportStartDate);

    private async Task<string> ExportApprovedFileAsync(ExpensifyExportWindow window, CancellationToken cancellationToken)
    {
        var settings = Settings();
        var fileName = await GenerateFileAsync(ExpensifyJobs.ExportApproved(settings, window), "reportExporter", cancellationToken);
        var file = await SendAsync(ExpensifyJobs.Download(settings, fileName), template: null, "downloader", cancellationToken);

        // A downloaded export is an array; an object with a responseCode is the downloader's error answer.
        if (ExpensifyAnswers.TryReadStatus(file, out var code, out var message, out var document))
        {
            document?.Dispose();
            ExpensifyAnswers.Throw(code, message, "downloader");
        }

        logger.LogInformation("Expensify export {FileName} of {Start} to {End} downloaded ({Length} characters; reports not yet marked {Label})",
            fileName, window.Start, window.End, file.Length, settings.ExportLabel);
        return file;
    }

    /// <summary>Puts the label on the reports (reportExporter's <c>onFinish markAsExported</c>); call only after they are posted.</summary>
    public async Task MarkAsExportedAsync(IReadOnlyList<string> reportIds, string label, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        if (reportIds.Count == 0)
        {
            return;
        }

        var settings = Settings();
        await GenerateFileAsync(ExpensifyJobs.MarkAsExported(settings, reportIds, label), "reportExporter markAsExported", cancellationToken);
        logger.LogInformation("Expensify reports {ReportIds} marked {Label}", reportIds, label);
    }

    /// <summary>Moves reports to REIMBURSED (reportStatusUpdater); a 207 answer comes back as a partial result naming the ids left out.</summary>
    /// <param name="paymentSource">Optional <c>paymentSource</c> shown in Expensify (the reference sends e.g. <c>ADP</c>).</param>
    public async Task<ExpensifyStatusUpdate> MarkReimbursedAsync(
        IReadOnlyList<string> reportIds, string? paymentSource = null, CancellationToken cancellationToken = default)
    {
        if (reportIds.Count == 0)
        {
            return new ExpensifyStatusUpdate([], [], [], []);
        }

        var settings = Settings();
        var body = await SendAsync(ExpensifyJobs.MarkReimbursed(settings, reportIds, paymentSource), template: null, "reportStatusUpdater", cancellationToken);
        if (!ExpensifyAnswers.TryReadStatus(body, out var code, out var message, out var document))
        {
            throw new ExpensifyRequestException("Expensify reportStatusUpdater answered without a responseCode.");
        }

        using (document)
        {
            if (code is not (200 or 207))
            {
                ExpensifyAnswers.Throw(code, message, "reportStatusUpdater");
            }

            var root = document!.RootElement;
            var updated = Ids(root, "reportIDs");
            var skipped = Problems(root, "skippedReports");
            var failed = Problems(root, "failedReports");
            var mentioned = updated.Concat(skipped.Select(s => s.ReportId)).Concat(failed.Select(f => f.ReportId)).ToHashSet(StringComparer.Ordinal);
            var result = new ExpensifyStatusUpdate(updated, skipped, failed, reportIds.Where(id => !mentioned.Contains(id)).ToList());
            if (!result.IsComplete)
            {
                logger.LogWarning("Expensify marked {Updated} reports reimbursed; not updated: {NotUpdated}", updated.Count, result.NotUpdated);
            }

            return result;
        }
    }

    private ExpensifyOptions Settings()
    {
        if (!_options.Enabled)
        {
            throw new ExpensifyConfigurationException($"The Expensify source is disabled ({ExpensifyOptions.SectionName}:Enabled is false).");
        }

        return _options;
    }

    // The exporter answers with the generated file's name as plain text (onReceive returnRandomFileName), or with a JSON error.
    private async Task<string> GenerateFileAsync(JsonObject job, string name, CancellationToken cancellationToken)
    {
        var body = await SendAsync(job, ExportTemplate, name, cancellationToken);
        if (ExpensifyAnswers.TryReadStatus(body, out var code, out var message, out var document))
        {
            using (document)
            {
                if (code == 200 && document!.RootElement.TryGetProperty("filename", out var named) && named.GetString() is { Length: > 0 } jsonName)
                {
                    return jsonName;
                }

                ExpensifyAnswers.Throw(code, message, name);
            }
        }

        var fileName = body.Trim();
        if (fileName.Length is 0 or > 255 || fileName.Any(c => char.IsWhiteSpace(c) || c is '/' or '\\' or '<' or '{'))
        {
            throw new ExpensifyRequestException($"Expensify {name} answered something that is not a file name ({Math.Min(body.Length, 200)} characters).");
        }

        return fileName;
    }

    private async Task<string> SendAsync(JsonObject job, string? template, string name, CancellationToken cancellationToken)
    {
        using var lease = await limiter.AcquireAsync(cancellationToken);
        var fields = new List<KeyValuePair<string, string>> { new("requestJobDescription", job.ToJsonString()) };
        if (template is not null)
        {
            fields.Add(new("template", template));
        }

        using var content = new FormUrlEncodedContent(fields);
        try
        {
            using var response = await http.PostAsync(new Uri(_options.BaseUrl, UriKind.Absolute), content, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            ExpensifyAnswers.ThrowIfHttpFailed(response.StatusCode, name);
            logger.LogDebug("Expensify {Job} answered HTTP {Status}", name, (int)response.StatusCode);
            return body;
        }
        catch (HttpRequestException ex)
        {
            throw new ExpensifyUnavailableException($"Expensify {name} could not be reached: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExpensifyUnavailableException($"Expensify {name} did not answer within {http.Timeout.TotalSeconds:0} s.", ex);
        }
    }

    private static List<string> Ids(JsonElement root, string name) =>
        root.TryGetProperty(name, out var ids) && ids.ValueKind == JsonValueKind.Array
            ? ids.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!).ToList()
            : [];

    private static List<ExpensifyReportProblem> Problems(JsonElement root, string name) =>
        root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
                .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("reportID", out _))
                .Select(p => new ExpensifyReportProblem(
                    p.GetProperty("reportID").GetString() ?? string.Empty,
                    p.TryGetProperty("reason", out var reason) ? reason.GetString() ?? string.Empty : string.Empty))
                .ToList()
            : [];

    private static string LoadTemplate()
    {
        using var stream = typeof(ExpensifyClient).Assembly.GetManifestResourceStream(TemplateResource)
            ?? throw new InvalidOperationException($"The embedded resource {TemplateResource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
