using System.Diagnostics;
using Azure;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Intake;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace FinanceFlow.Workflows.Tests.Intake;

/// <summary>
/// The circuit around intake's storage calls: storage faults (unreachable, 5xx, too slow) become "storage unavailable" with a
/// Retry-After and open the circuit; domain answers (409, a payload conflict, an instance already started) pass unchanged.
/// </summary>
public sealed class IntakeStorageCircuitTests
{
    private static readonly IntakeOptions Fast = new()
    {
        StorageTimeout = TimeSpan.FromMilliseconds(300),
        BreakDuration = TimeSpan.FromSeconds(1),
        SamplingDuration = TimeSpan.FromSeconds(5),
    };

    public static TheoryData<string, Exception> StorageFaults() => new()
    {
        { "connection refused", new RequestFailedException("Connection refused (127.0.0.1:10000)", new HttpRequestException("Connection refused")) },
        { "503 server busy", new RequestFailedException(503, "The server is busy.") },
        { "500 operation timed out", new RequestFailedException(500, "Operation could not be completed within the specified time.") },
        { "SDK retries exhausted", new AggregateException("Retry failed after 4 tries.", new RequestFailedException("Connection refused", new HttpRequestException("Connection refused"))) },
        { "DTFx wrapper", new InvalidOperationException("Error creating instance", new RequestFailedException(503, "busy")) },
        { "Functions Durable client, extension down", new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "Error connecting to subchannel.")) },
        { "Functions Durable client, backend threw", new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unknown, "Exception was thrown by handler.")) },
    };

    public static TheoryData<string, Exception> DomainAnswers() => new()
    {
        { "409 blob exists", new RequestFailedException(409, "The specified blob already exists.") },
        { "412 etag changed", new RequestFailedException(412, "The condition specified using HTTP conditional header(s) is not met.") },
        { "404 not found", new RequestFailedException(404, "The specified blob does not exist.") },
        { "webhook-id reused", new RawPayloadConflictException("canonical/2026/11/26/m.json", "canonical/2026/11/26/m.conflict-0123.json") },
        { "instance already running", new InvalidOperationException("An orchestration with instance id 'x' is already pending or running.") },
        { "gRPC invalid argument", new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.InvalidArgument, "bad instance id")) },
    };

    [Theory]
    [MemberData(nameof(StorageFaults))]
    public async Task RunAsync_StorageFault_ThrowsStorageUnavailableWithRetryAfter(string fault, Exception exception)
    {
        var circuit = Circuit();

        var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() => circuit.RunAsync(_ => Task.FromException<int>(exception), CancellationToken.None));

        Assert.Same(exception, refused.InnerException);
        Assert.True(refused.RetryAfter > TimeSpan.Zero && refused.RetryAfter <= Fast.BreakDuration, fault);
    }

    [Theory]
    [MemberData(nameof(DomainAnswers))]
    public async Task RunAsync_DomainAnswer_PassesUnchangedAndNeverOpensTheCircuit(string answer, Exception exception)
    {
        var circuit = Circuit();

        for (var i = 0; i < 10; i++)
        {
            var thrown = await Assert.ThrowsAnyAsync<Exception>(() => circuit.RunAsync(_ => Task.FromException<int>(exception), CancellationToken.None));
            Assert.Same(exception, thrown);
        }

        Assert.False(circuit.IsOpen, answer);
        Assert.Equal(CircuitState.Closed, circuit.State);
    }

    [Fact]
    public async Task RunAsync_CallThatNeverAnswersNorHonoursTheToken_IsRefusedAfterTheStorageTimeout()
    {
        var circuit = Circuit();
        var never = new TaskCompletionSource<int>();
        var clock = Stopwatch.StartNew();

        var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() => circuit.RunAsync(_ => never.Task, CancellationToken.None));

        Assert.InRange(clock.Elapsed, Fast.StorageTimeout * 0.9, TimeSpan.FromSeconds(2));
        Assert.Contains("did not answer within 0.3 s", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AfterStorageFailures_OpensAndRefusesAtOnceWithoutCallingStorage()
    {
        var circuit = Circuit();
        var calls = 0;
        Task<int> Down(CancellationToken _)
        {
            calls++;
            return Task.FromException<int>(new RequestFailedException("Connection refused", new HttpRequestException("Connection refused")));
        }

        await Assert.ThrowsAsync<StorageUnavailableException>(() => circuit.RunAsync(Down, CancellationToken.None));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => circuit.RunAsync(Down, CancellationToken.None));
        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() => circuit.RunAsync(Down, CancellationToken.None));

        Assert.True(circuit.IsOpen);
        Assert.Equal(2, calls);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(100), $"refused in {clock.Elapsed}");
        Assert.IsType<BrokenCircuitException>(refused.InnerException);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromMilliseconds(1), Fast.BreakDuration);
    }

    [Fact]
    public async Task RunAsync_StorageBackAfterTheBreak_ClosesTheCircuitOnTheFirstCallThatSucceeds()
    {
        var circuit = Circuit();
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => circuit.RunAsync(_ => Task.FromException<int>(new RequestFailedException(503, "busy")), CancellationToken.None));
        }

        Assert.True(circuit.IsOpen);
        await circuit.WaitWhileOpenAsync(CancellationToken.None);

        var answer = await circuit.RunAsync(_ => Task.FromResult(42), CancellationToken.None);

        Assert.Equal(42, answer);
        Assert.False(circuit.IsOpen);
        Assert.Equal(CircuitState.Closed, circuit.State);
        Assert.Equal(Fast.BreakDuration, circuit.RetryAfter);
    }

    [Fact]
    public async Task RunAsync_CallerCancels_IsNeitherUnavailableNorCounted()
    {
        var circuit = Circuit();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => circuit.RunAsync(token => Task.Delay(1000, token).ContinueWith(_ => 1, token), cancelled.Token));
        }

        Assert.False(circuit.IsOpen);
    }

    private static IntakeStorageCircuit Circuit() => new(Options.Create(Fast), TimeProvider.System, NullLogger<IntakeStorageCircuit>.Instance);
}
