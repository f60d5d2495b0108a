using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace FinanceFlow.Api.FinanceConsole;

/// <summary>
/// The console's files, embedded in this assembly from <c>FinanceConsole/wwwroot</c> (logical names <c>console/…</c>). Both hosts serve
/// exactly these: a path that is not one of their names is unknown, so nothing outside them (the file system, other resources) can be reached.
/// </summary>
public static class ConsoleFiles
{
    /// <summary>The prefix of the console's resource names, set by the project file.</summary>
    private const string ResourcePrefix = "console/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly Lazy<FrozenDictionary<string, ConsoleFile>> Files = new(Load);

    /// <summary>The page a bare <c>/console/</c> answers.</summary>
    public const string IndexName = "index.html";

    /// <summary>Every file's name (path below the console, '/' separated).</summary>
    public static IEnumerable<string> Names => Files.Value.Keys;

    /// <summary>The file named <paramref name="name"/> exactly (case matters), or null.</summary>
    public static ConsoleFile? Find(string name) => Files.Value.GetValueOrDefault(name);

    private static FrozenDictionary<string, ConsoleFile> Load()
    {
        var assembly = typeof(ConsoleFiles).Assembly;
        var files = new Dictionary<string, ConsoleFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            // %(RecursiveDir) is '\' separated when built on Windows.
            var name = resource[ResourcePrefix.Length..].Replace('\\', '/');
            var extension = Path.GetExtension(name);
            if (!ContentTypes.TryGetValue(extension, out var contentType))
            {
                throw new InvalidOperationException($"The console file '{name}' has no known content type; add '{extension}' to ConsoleFiles.ContentTypes.");
            }

            var content = Read(assembly, resource);
            var etag = "\"" + Convert.ToBase64String(SHA256.HashData(content), 0, 16).TrimEnd('=') + "\"";
            files.Add(name, new ConsoleFile(name, content, contentType, etag));
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
