namespace Shop.Tests.Infrastructure;

/// <summary>Where the repository and the services' build output are, found from the test's own folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration the tests were built in (Release or Debug), so a service's own bin folder matches.</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    public static string ServiceDll(string project) => Path.Combine(Root, "services", project, "bin", Configuration, "net10.0", project + ".dll");

    /// <summary>The built <c>stormline</c> command.</summary>
    public static string CliDll => Path.Combine(Root, "src", "Stormline.Cli", "bin", Configuration, "net10.0", "stormline.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Stormline.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No Stormline.slnx above {AppContext.BaseDirectory}; run the tests from the repository (./test.sh).");
    }
}
