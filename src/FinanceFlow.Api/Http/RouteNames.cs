namespace FinanceFlow.Api.Http;

/// <summary>The name of every route: endpoint name in the self-host, function name in the Functions app.</summary>
public static class RouteNames
{
    public const string ReceiveWebhook = nameof(ReceiveWebhook);
    public const string GetReport = nameof(GetReport);
    public const string GetReportStory = nameof(GetReportStory);
    public const string RetryReport = nameof(RetryReport);
    public const string ResubmitReport = nameof(ResubmitReport);
    public const string ResolveReportException = nameof(ResolveReportException);
    public const string PayReport = nameof(PayReport);
    public const string RepublishStatusEvents = nameof(RepublishStatusEvents);
    public const string VerifyReportAudit = nameof(VerifyReportAudit);
    public const string GetCardBatch = nameof(GetCardBatch);
    public const string PreviewReport = nameof(PreviewReport);
    public const string GetMasterData = nameof(GetMasterData);
    public const string PutMasterData = nameof(PutMasterData);
    public const string SyncMasterDataNow = nameof(SyncMasterDataNow);
    public const string GetMappings = nameof(GetMappings);
    public const string PutMappings = nameof(PutMappings);
    public const string ListMappingChanges = nameof(ListMappingChanges);
    public const string GetMappingChange = nameof(GetMappingChange);
    public const string ApproveMappingChange = nameof(ApproveMappingChange);
    public const string RejectMappingChange = nameof(RejectMappingChange);
    public const string GetExceptions = nameof(GetExceptions);
    public const string GetMetrics = nameof(GetMetrics);
    public const string RunReconciliation = nameof(RunReconciliation);
    public const string ListReconciliations = nameof(ListReconciliations);
    public const string GetReconciliation = nameof(GetReconciliation);
    public const string ListInstances = nameof(ListInstances);
    public const string GetInstanceStatus = nameof(GetInstanceStatus);
    public const string RaiseInstanceEvent = nameof(RaiseInstanceEvent);
    public const string TerminateInstance = nameof(TerminateInstance);
    public const string PurgeInstance = nameof(PurgeInstance);
    public const string Health = nameof(Health);
    public const string OpenApiDocument = nameof(OpenApiDocument);
    public const string ServeConsole = nameof(ServeConsole);
}
