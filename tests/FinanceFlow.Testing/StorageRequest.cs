namespace FinanceFlow.Testing;

/// <summary>The storage service a request went to.</summary>
public enum StorageService
{
    Blob,
    Queue,
    Table,
}

/// <summary>One request Azurite served, as its debug log (<see cref="AzuriteRequestLog"/>) tells it.</summary>
/// <param name="At">When Azurite took the request (its clock, UTC).</param>
/// <param name="Service">Blob, Queue or Table.</param>
/// <param name="Method">The HTTP verb.</param>
/// <param name="Operation">Azurite's name for the operation (<c>Messages_Dequeue</c>, <c>Table_InsertEntity</c>, <c>Table_Batch</c>…); the verb when the log names none.</param>
/// <param name="Resource">
/// The queue, the table or the blob container; for a table batch the tables of its entities joined with <c>+</c>; <c>Tables</c> for the
/// table list and <c>(account)</c> for a request to the service itself.
/// </param>
/// <param name="Status">The HTTP status answered; 0 when the log ends before the answer.</param>
/// <param name="TraceId">The W3C trace id of the request's <c>traceparent</c> header, when it had one: who caused it.</param>
/// <param name="Items">Messages a dequeue returned, or entities in a table batch; 0 for other requests.</param>
public sealed record StorageRequest(
    DateTimeOffset At,
    StorageService Service,
    string Method,
    string Operation,
    string Resource,
    int Status,
    string? TraceId,
    int Items);
