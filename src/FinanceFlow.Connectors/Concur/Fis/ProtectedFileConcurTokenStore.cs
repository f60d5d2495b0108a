using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>The self-host's token store: one file encrypted with ASP.NET Core Data Protection, beside its own key ring.</summary>
/// <remarks>
/// A local file rather than a Table row: the self-host is one process on one machine, the refresh must not depend on the
/// storage account being up, and the secret stays out of a storage account other hosts and tools read. Data Protection gives
/// authenticated encryption and key rotation; its key ring sits in <c>{Path}/keys</c>, created owner-only on Unix and
/// encrypted with DPAPI on Windows, so a copy of the token file alone is useless.
/// </remarks>
public sealed class ProtectedFileConcurTokenStore : IConcurTokenStore
{
    private const string Purpose = "FinanceFlow.Concur.Fis.CompanyToken.v1";
    private readonly string _folder;
    private readonly string _file;
    private readonly Lazy<IDataProtector> _protector;
    private readonly ILogger<ProtectedFileConcurTokenStore> _logger;

    public ProtectedFileConcurTokenStore(IOptions<ConcurFisOptions> options, ILogger<ProtectedFileConcurTokenStore> logger)
    {
        _folder = options.Value.TokenStore.GetPath();
        _file = Path.Combine(_folder, "company-token.bin");

        // Created on first use: a host with FIS off never touches the folder.
        _protector = new(() =>
        {
            var keys = Path.Combine(_folder, "keys");
            CreateOwnerOnly(_folder);
            CreateOwnerOnly(keys);
            return DataProtectionProvider.Create(new DirectoryInfo(keys), builder => builder.SetApplicationName("FinanceFlow")).CreateProtector(Purpose);
        });
        _logger = logger;
    }

    public async Task<ConcurStoredToken?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_file))
        {
            return null;
        }

        try
        {
            var plain = _protector.Value.Unprotect(await File.ReadAllBytesAsync(_file, cancellationToken));
            return JsonSerializer.Deserialize<ConcurStoredToken>(plain);
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            // The key ring was lost or replaced: the configured CompanyRefreshToken is all that is left.
            _logger.LogError("The stored Concur refresh token in {File} cannot be read ({Error}); using the configured one", _file, ex.GetType().Name);
            return null;
        }
    }

    public async Task SaveAsync(ConcurStoredToken token, CancellationToken cancellationToken)
    {
        var sealedBytes = _protector.Value.Protect(JsonSerializer.SerializeToUtf8Bytes(token));

        // Written beside and moved over the old file: a crash mid-write leaves the previous token, never half of one.
        var temporary = _file + ".tmp";
        await File.WriteAllBytesAsync(temporary, sealedBytes, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, _file, overwrite: true);
    }

    private static void CreateOwnerOnly(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
