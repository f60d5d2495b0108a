using Azure;
using Azure.Storage.Blobs;
using FinanceFlow.Workflows.Intake;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace FinanceFlow.Workflows.Tests.Intake;

/// <summary>What <c>/health</c> learns about storage: one probe per interval however often it asks, none while the circuit is open.</summary>
public sealed class IntakeStorageHealthTests
{
    private static readonly IntakeOptions Settings = new()
    {
        StorageTimeout = TimeSpan.FromMilliseconds(300),
        BreakDuration = TimeSpan.FromSeconds(30),
        HealthProbeInterval = TimeSpan.FromMinutes(1),
    };

    private readonly Mock<BlobServiceClient> _blobs = new();
    private readonly Mock<BlobContainerClient> _container = new();
    private readonly IntakeStorageCircuit _circuit = new(Options.Create(Settings), TimeProvider.System, NullLogger<IntakeStorageCircuit>.Instance);
    private int _probes;

    public IntakeStorageHealthTests() => _blobs.Setup(b => b.GetBlobContainerClient("raw")).Returns(_container.Object);

    [Fact]
    public async Task IsUpAsync_AskedOftenAndAtOnce_ProbesStorageOncePerInterval()
    {
        Probe(() => Task.FromResult(Response.FromValue(true, Mock.Of<Response>())));
        using var health = Health();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => health.IsUpAsync(CancellationToken.None)));

        Assert.All(answers, Assert.True);
        Assert.Equal(1, _probes);
    }

    [Fact]
    public async Task IsUpAsync_StorageRefusesConnections_IsDown()
    {
        Probe(() => Task.FromException<Response<bool>>(new RequestFailedException("Connection refused", new HttpRequestException("Connection refused"))));
        using var health = Health();

        Assert.False(await health.IsUpAsync(CancellationToken.None));
    }

    [Fact]
    public async Task IsUpAsync_CircuitOpenedByIntake_IsDownWithoutAskingStorage()
    {
        Probe(() => Task.FromResult(Response.FromValue(true, Mock.Of<Response>())));
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => _circuit.RunAsync(_ => Task.FromException<int>(new RequestFailedException(503, "busy")), CancellationToken.None));
        }

        using var health = Health();

        Assert.False(await health.IsUpAsync(CancellationToken.None));
        Assert.Equal(0, _probes);
        Assert.InRange(health.RetryAfter, TimeSpan.FromSeconds(1), Settings.BreakDuration);
    }

    private void Probe(Func<Task<Response<bool>>> answer) =>
        _container.Setup(c => c.ExistsAsync(It.IsAny<CancellationToken>())).Returns(() =>
        {
            Interlocked.Increment(ref _probes);
            return answer();
        });

    private IntakeStorageHealth Health() =>
        new(_blobs.Object, _circuit, Options.Create(Settings), TimeProvider.System, NullLogger<IntakeStorageHealth>.Instance);
}
