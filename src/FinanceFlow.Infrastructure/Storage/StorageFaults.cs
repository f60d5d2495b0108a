using Azure;

namespace FinanceFlow.Infrastructure.Storage;

/// <summary>FinanceFlow's own storage (Tables, Blobs) down, throttled or failing on its side: a fault that passes once storage is back.</summary>
public static class StorageFaults
{
    /// <summary>True when the exception, or one it wraps, is an Azure Storage call that got no answer (status 0), 408, 429 or a 5xx.</summary>
    public static bool IsStorageFault(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is RequestFailedException failed && IsUnavailable(failed))
            {
                return true;
            }
        }

        return exception is AggregateException aggregate && aggregate.InnerExceptions.Any(IsStorageFault);
    }

    /// <summary>The call got no answer (status 0), timed out (408), was throttled (429) or failed on the service's side (5xx).</summary>
    public static bool IsUnavailable(RequestFailedException failed)
    {
        ArgumentNullException.ThrowIfNull(failed);
        return failed.Status is 0 or 408 or 429 or >= 500;
    }
}
