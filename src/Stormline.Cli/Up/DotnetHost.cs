namespace Stormline.Cli.Up;

/// <summary>The <c>dotnet</c> executable to run service dlls and builds with: the one running us when known, else PATH's.</summary>
public static class DotnetHost
{
    public static string Path
    {
        get
        {
            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
            {
                return host;
            }

            var self = Environment.ProcessPath;
            return self is not null && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        }
    }
}
