namespace FinanceFlow.Core.Tests;

/// <summary>Finds files of the repository (and the shared reference folder beside it) from the test output folder.</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>A path under the repository root, e.g. <c>docs/schemas/x.json</c>.</summary>
    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, relative));

    /// <summary>A path under <c>../shared/reference</c>, where the vendor samples live.</summary>
    public static string Reference(string relative) => Path(System.IO.Path.Combine("..", "shared", "reference", relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FinanceFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"FinanceFlow.sln not found above {AppContext.BaseDirectory}.");
    }
}
