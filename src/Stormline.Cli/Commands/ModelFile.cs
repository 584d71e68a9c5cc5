using Stormline.Model.Checking;
using Stormline.Model.Diagnostics;
using Stormline.Model.Elements;
using Stormline.Model.Parsing;

namespace Stormline.Cli.Commands;

/// <summary>Loading a model file for a command: a missing file or a shape error ends the command with a message and exit code.</summary>
internal static class ModelFile
{
    /// <summary>Parses and checks <paramref name="path"/>; returns null (and writes why) when it cannot be read or parsed.</summary>
    public static (EventModel? Model, IReadOnlyList<Diagnostic> Diagnostics, int ExitCode) Load(string command, string path)
    {
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"stormline {command}: {path} does not exist; pass the path of a *.storm.yaml model (an example: models/shop.storm.yaml)");
            return (null, [], ExitCodes.Usage);
        }

        var parsed = ModelParser.ParseFile(path);
        if (!parsed.Succeeded)
        {
            Print(parsed.Diagnostics, Console.Error);
            Console.Error.WriteLine($"stormline {command}: {path} could not be read ({Count(parsed.Diagnostics.Count(d => d.IsError), "error")}); the format is described in docs/model.md");
            return (null, parsed.Diagnostics, ExitCodes.Findings);
        }

        return (parsed.Model, ModelChecker.Check(parsed.Model!), 0);
    }

    /// <summary>Errors first, then warnings, each under its own heading.</summary>
    public static void Print(IReadOnlyList<Diagnostic> diagnostics, TextWriter writer)
    {
        var errors = diagnostics.Where(d => d.IsError).ToList();
        var warnings = diagnostics.Where(d => !d.IsError).ToList();
        if (errors.Count > 0)
        {
            writer.WriteLine($"Errors ({errors.Count}):");
            errors.ForEach(d => writer.WriteLine($"  {d}"));
        }

        if (warnings.Count > 0)
        {
            writer.WriteLine($"Warnings ({warnings.Count}):");
            warnings.ForEach(d => writer.WriteLine($"  {d}"));
        }
    }

    public static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}
