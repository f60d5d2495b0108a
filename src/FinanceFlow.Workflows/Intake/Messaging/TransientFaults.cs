using Azure;
using FinanceFlow.Infrastructure.Storage;
using Grpc.Core;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FinanceFlow.Workflows.Intake.Messaging;

/// <summary>Faults worth a redelivery: storage or the Durable backend unavailable, throttled or too slow, or the intake's storage circuit open.</summary>
public static class TransientFaults
{
    public static bool IsTransient(Exception exception)
    {
        // The Durable backends wrap the storage SDK's exception, so the whole chain counts.
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case RequestFailedException failed when StorageFaults.IsUnavailable(failed):
                case TimeoutException:
                case HttpRequestException:
                case IOException:
                case TaskCanceledException:
                case StorageUnavailableException:
                case BrokenCircuitException:
                case TimeoutRejectedException:
                case RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown }:
                    // The Functions host's Durable client reaches the extension over gRPC: a backend that is down comes back like this.
                    return true;
            }
        }

        return exception is AggregateException aggregate && aggregate.InnerExceptions.Any(IsTransient);
    }
}
