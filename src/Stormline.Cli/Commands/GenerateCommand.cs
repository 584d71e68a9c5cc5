using System.CommandLine;
using Stormline.Model.Generation;

namespace Stormline.Cli.Commands;

/// <summary><c>stormline generate FILE --out DIR</c>: contracts from the model (C# records, JSON and Avro schemas, topic plan).</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The model file, e.g. models/shop.storm.yaml." };
        var output = new Option<string>("--out", "-o") { Description = "Output folder; csharp/ and schemas/ inside it are owned by this command (stale files there are removed).", DefaultValueFactory = _ => "generated" };
        var command = new Command("generate", "Generate immutable C# event records, a JSON Schema (draft-07) and an Avro schema per event, an AsyncAPI 3.0 document (asyncapi.json) and the topic plan (topics.json).")
        {
            file, output,
        };
        var planArguments = new TopicPlanArguments();
        planArguments.AddTo(command);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var options = planArguments.Read(parse, "generate");
            if (options is null)
            {
                return ExitCodes.Usage;
            }

            var (model, diagnostics, exitCode) = ModelFile.Load("generate", path);
            if (model is null)
            {
                return exitCode;
            }

            if (diagnostics.Any(d => d.IsError))
            {
                ModelFile.Print(diagnostics.Where(d => d.IsError).ToList(), Console.Error);
                Console.Error.WriteLine($"stormline generate: {path} has errors, so nothing was generated; fix them (stormline model check {path}) and run again");
                return ExitCodes.Findings;
            }

            var root = Path.GetFullPath(parse.GetValue(output)!);
            var files = ContractGenerator.Generate(model, options);
            try
            {
                Write(root, files);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"stormline generate: cannot write to {root}: {ex.Message}; pass a writable folder with --out");
                return ExitCodes.Usage;
            }

            Console.WriteLine($"Wrote {files.Count} files to {root}: {files.Count(f => f.Path.EndsWith(".g.cs", StringComparison.Ordinal))} C# files, "
                + $"{files.Count(f => f.Path.EndsWith(".schema.json", StringComparison.Ordinal))} JSON Schemas, {files.Count(f => f.Path.EndsWith(".avsc", StringComparison.Ordinal))} Avro schemas, asyncapi.json, topics.json");
            return 0;
        });
        return command;
    }

    private static void Write(string root, IReadOnlyList<GeneratedFile> files)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var generated in files)
        {
            var target = Path.Combine(root, generated.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, generated.Content);
            written.Add(target);
        }

        // A renamed or removed event must not leave its old contract behind.
        foreach (var folder in new[] { "csharp", "schemas" }.Select(f => Path.Combine(root, f)).Where(Directory.Exists))
        {
            foreach (var stale in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".g.cs", StringComparison.Ordinal) || f.EndsWith(".schema.json", StringComparison.Ordinal) || f.EndsWith(".avsc", StringComparison.Ordinal))
                .Where(f => !written.Contains(f)))
            {
                File.Delete(stale);
            }
        }
    }
}
