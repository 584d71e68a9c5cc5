using Stormline.Broker.Codegen;

// Regenerates src/Stormline.Broker/Protocol/Messages/Generated from the Kafka definitions beside it.
// Usage: dotnet run --project tools/Stormline.Broker.Codegen [definitions-dir output-dir]
var (definitions, output) = args.Length == 2 ? (args[0], args[1]) : MessageGenerator.RepositoryPaths(Environment.CurrentDirectory);
var files = MessageGenerator.GenerateAll(definitions);
Directory.CreateDirectory(output);
foreach (var stale in Directory.GetFiles(output, "*.g.cs").Where(f => !files.ContainsKey(Path.GetFileName(f))))
{
    File.Delete(stale);
}

foreach (var (name, content) in files)
{
    File.WriteAllText(Path.Combine(output, name), content);
}

Console.WriteLine($"{files.Count} message types written to {output}");
