namespace Stormline.Cli.Up;

/// <summary>
/// Where the repository's parts are: found by walking up from the working directory, then from the CLI's own folder,
/// to the folder holding <c>Stormline.slnx</c>, so <c>up</c> works from the repository root and from a built CLI alike.
/// </summary>
public sealed class RepositoryLayout(string root)
{
    public const string Configuration = "Release";
    public const string TargetFramework = "net10.0";

    public string Root { get; } = root;

    public string ShopModel => Path.Combine(Root, "models", "shop.storm.yaml");

    public string ProjectFile(ShopService service) => Path.Combine(Root, "services", service.Project, service.Project + ".csproj");

    /// <summary>Where the solution build puts a service: services/Shop.X/bin/Release/net10.0/Shop.X.dll.</summary>
    public string Assembly(ShopService service) =>
        Path.Combine(Root, "services", service.Project, "bin", Configuration, TargetFramework, service.Project + ".dll");

    /// <summary>The repository around the working directory or around this program; null when neither is inside one.</summary>
    public static RepositoryLayout? Find(string? startDirectory = null)
    {
        foreach (var start in new[] { startDirectory ?? Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Stormline.slnx")))
                {
                    return new RepositoryLayout(dir.FullName);
                }
            }
        }

        return null;
    }
}
