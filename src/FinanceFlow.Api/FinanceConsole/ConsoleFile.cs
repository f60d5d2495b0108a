namespace FinanceFlow.Api.FinanceConsole;

/// <summary>One file of the console: its name below the console, bytes, content type and strong ETag (a hash of the bytes).</summary>
public sealed record ConsoleFile(string Name, byte[] Content, string ContentType, string ETag);
