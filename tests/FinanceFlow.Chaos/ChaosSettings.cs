namespace FinanceFlow.Chaos;

/// <summary>How hard a chaos run pushes: how many reports, and which faults it injects while they run.</summary>
/// <param name="Reports">Reports sent, each a sample with its own id.</param>
/// <param name="Kills">Times the self-host is SIGKILLed and started again.</param>
/// <param name="Outages">Times storage (Azurite) is stopped for <paramref name="OutageSeconds"/> and started again on the same data.</param>
/// <param name="OutageSeconds">Shortest and longest outage; each one is drawn from this range.</param>
/// <param name="ErpFaultRate">Share of the ERP's (hledger-web's) calls that fail: a third lose the answer after the ledger wrote, the rest never arrive.</param>
/// <param name="MaxDeliveries">Each webhook is delivered 1 to this many times, out of order.</param>
/// <param name="Seed">Seed of every random choice, so a run can be repeated.</param>
public sealed record ChaosSettings(
    int Reports = 300,
    int Kills = 3,
    int Outages = 2,
    (int Min, int Max) OutageSeconds = default,
    double ErpFaultRate = 0.3,
    int MaxDeliveries = 3,
    int Seed = 12)
{
    public (int Min, int Max) Outage => OutageSeconds == default ? (15, 30) : OutageSeconds;

    /// <summary>How long the run may take to drain after the last fault before it counts what is missing.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
