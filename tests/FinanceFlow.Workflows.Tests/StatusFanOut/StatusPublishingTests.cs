using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FinanceFlow.Workflows.Tests.StatusFanOut;

/// <summary>One attempt per call, an audit row naming the target for each, and the Failed row finance sees.</summary>
public sealed class StatusPublishingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly StepContext Step = new("canonical", "R-1001", 1, "expense:canonical:R-1001:v1", "system");

    private readonly RecordingStatusPublisher _queues = new(StatusTargetKind.StorageQueue);
    private readonly List<AuditRecord> _audit = [];
    private readonly StatusPublishing _publishing;

    public StatusPublishingTests()
    {
        var trail = new Mock<IAuditTrail>();
        trail.Setup(t => t.AppendAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>()))
            .Callback<AuditRecord, CancellationToken>((record, _) => { lock (_audit) { _audit.Add(record); } })
            .Returns(Task.CompletedTask);
        var options = new FinanceFlowOptions
        {
            StatusFanOut = new StatusFanOutSettings
            {
                Targets =
                [
                    new StatusTargetSettings { Kind = StatusTargetKind.StorageQueue, QueueName = "expense-status" },
                    new StatusTargetSettings { Kind = StatusTargetKind.StorageQueue, QueueName = "analytics-status", Name = "analytics" },
                ],
            },
        };
        var time = new FixedTime(Now);
        _publishing = new StatusPublishing([_queues], new StaticOptions<FinanceFlowOptions>(options), new StepAudit(trail.Object, time), time, NullLogger<StatusPublishing>.Instance);
    }

    [Fact]
    public void Plan_TwoTargets_NamesEachWithItsIndexAndRetryPolicy()
    {
        // Act
        var plan = _publishing.Plan();

        // Assert
        Assert.Equal([new StatusTargetPlan(0, "StorageQueue expense-status", 5, 2, 2, 60), new StatusTargetPlan(1, "analytics", 5, 2, 2, 60)], plan);
    }

    [Fact]
    public async Task PublishAsync_TargetUp_PublishesAndAuditsNamingTheTarget()
    {
        // Act
        await _publishing.PublishAsync(Step, _publishing.Plan()[1], Posted(), CancellationToken.None);

        // Assert
        Assert.Equal("analytics-status", Assert.Single(_queues.Published).Destination);
        var row = Assert.Single(_audit);
        Assert.Equal((StatusPublishing.Step, "Published"), (row.Step, row.Outcome));
        Assert.Contains("target 1 'analytics', posted expense:canonical:R-1001:v1:posted", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_TargetDown_AuditsTheAttemptAndThrowsForTheRetryPolicy()
    {
        // Arrange
        _queues.Down.Add("expense-status");

        // Act
        await Assert.ThrowsAsync<HttpRequestException>(() => _publishing.PublishAsync(Step, _publishing.Plan()[0], Posted(), CancellationToken.None));

        // Assert
        var row = Assert.Single(_audit);
        Assert.Equal("AttemptFailed", row.Outcome);
        Assert.Contains("503", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_ConfigurationChangedSinceTheRunStarted_FailsNamingTheSetting()
    {
        // Act
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _publishing.PublishAsync(Step, new StatusTargetPlan(1, "payroll-webhook", 3, 1, 2, 10), Posted(), CancellationToken.None));

        // Assert
        Assert.Contains("FinanceFlow:StatusFanOut:Targets:1", error.Message, StringComparison.Ordinal);
        Assert.Empty(_queues.Published);
    }

    [Fact]
    public async Task PublishToAllAsync_OneTargetDown_OtherGetsItAndTheDownOneEndsFailedAfterThreeAttempts()
    {
        // Arrange
        _queues.Down.Add("expense-status");

        // Act
        await _publishing.PublishToAllAsync(Step, Posted(), CancellationToken.None);

        // Assert
        Assert.Equal("analytics-status", Assert.Single(_queues.Published).Destination);
        Assert.Equal(1 + StatusPublishing.DirectMaxAttempts, _queues.Attempts);
        Assert.Equal(StatusPublishing.DirectMaxAttempts, _audit.Count(r => r.Outcome == "AttemptFailed"));
        var failed = Assert.Single(_audit, r => r.Outcome == "Failed");
        Assert.Contains("target 0 'StorageQueue expense-status'", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("not published after 3 attempts", failed.Detail, StringComparison.Ordinal);
    }

    private static StatusCloudEvent Posted() => StatusEvents.ForResult(
        new ReportResult("canonical", "R-1001", 1, ReportOutcome.Posted, "DOC-1", "Ada", "USD", 60m, [], null,
            [new ErpDocument("US01", "us01", "USD", 60m, "FF-CANONICAL-R-1001", "DOC-1")]),
        Step.CorrelationId, Now);
}
