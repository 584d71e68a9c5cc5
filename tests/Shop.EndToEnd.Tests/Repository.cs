using Stormline.Cli.Up;

namespace Shop.EndToEnd.Tests;

/// <summary>The repository these tests run in, found from the test binary's folder.</summary>
internal static class Repository
{
    public static RepositoryLayout Layout { get; } = RepositoryLayout.Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("no Stormline.slnx above the test binary; run the tests from the repository (./test.sh)");

    /// <summary>Fresh ports for every part, so a test never collides with a running stormline up or another test.</summary>
    public static UpOptions Options(string dataDirectory)
    {
        var ports = PortGuard.FreePorts(5);
        return new UpOptions
        {
            DataDirectory = dataDirectory,
            BrokerPort = ports[0],
            RegistryPort = ports[1],
            StartConsole = false,
            Services = ShopService.Defaults(ports[2], ports[3], ports[4]),
            ReadyTimeout = TimeSpan.FromSeconds(120),
        };
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "stormline-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A process that was just killed may still hold a file for a moment; the OS temp cleanup takes it later.
        }
    }
}
