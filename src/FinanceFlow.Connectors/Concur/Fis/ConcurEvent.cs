namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>An Event Subscription Service event as Concur posts it to the webhook.</summary>
public sealed record ConcurEvent(
    string Id, string? CorrelationId, string EventType, string Topic, string? Subtopic, DateTimeOffset? TimeStamp, ConcurEventFacts Facts)
{
    /// <summary>The topic of the financial-integration events.</summary>
    public const string FinancialIntegrationTopic = "public.concur.financialintegration";

    private const string ReadySuffix = ".readyForIntegration";

    /// <summary>True for <c>expense.readyForIntegration</c> and <c>cashadvance.readyForIntegration</c> on the financial-integration topic: the document types FinanceFlow integrates.</summary>
    /// <param name="docType">The FIS document type (<c>expense</c>, <c>cashadvance</c>) for the URL paths; empty when false.</param>
    public bool IsReadyForIntegration(out string docType)
    {
        docType = "";
        if (!string.Equals(Topic, FinancialIntegrationTopic, StringComparison.Ordinal)
            || !EventType.EndsWith(ReadySuffix, StringComparison.Ordinal))
        {
            return false;
        }

        // invoice, payroll and the obligations are ready-for-integration too, but not FinanceFlow's to post.
        var prefix = EventType[..^ReadySuffix.Length];
        docType = prefix switch
        {
            "expense" => "expense",
            "cashadvance" => "cashadvance",
            _ => "",
        };
        return docType.Length > 0;
    }
}

/// <summary>The event's <c>facts</c> that the integration needs; absent ones are null.</summary>
public sealed record ConcurEventFacts(string? CompanyId, string? DocumentId, Uri? Href, string? EntityId);
