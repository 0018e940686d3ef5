namespace Tandem.Web.Tests.Support;

/// <summary>The repository the tests run from: its sources and documents, for tests that read them.</summary>
public static class Repository
{
    public static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tandem.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Tandem.slnx not found above the test binaries.");
    }
}
