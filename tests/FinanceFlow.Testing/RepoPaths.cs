namespace FinanceFlow.Testing;

/// <summary>Well-known folders of the repository, found from the test binaries.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding <c>FinanceFlow.sln</c>.</summary>
    public static string Root => RootPath.Value;

    /// <summary>Vendor reference payloads and notes: <c>Root/../shared/reference</c>.</summary>
    public static string SharedReference => Path.GetFullPath(Path.Combine(Root, "..", "shared", "reference"));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "FinanceFlow.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"FinanceFlow.sln was not found above {AppContext.BaseDirectory}.");
    }
}
