namespace Stormline.Broker.Codegen;

/// <summary>Generates one C# file per Kafka message definition in a directory.</summary>
public static class MessageGenerator
{
    /// <summary>File name (<c>Name.g.cs</c>) to content, for every <c>*.json</c> definition in <paramref name="definitionsDirectory"/>.</summary>
    public static SortedDictionary<string, string> GenerateAll(string definitionsDirectory)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(definitionsDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var spec = MessageSpec.Parse(File.ReadAllText(path));
            files.Add(spec.Name + ".g.cs", new MessageEmitter(spec, Path.GetFileName(path)).Emit());
        }

        return files;
    }

    /// <summary>The repository's definitions and generated-code directories, found from any directory inside it.</summary>
    public static (string Definitions, string Output) RepositoryPaths(string start)
    {
        var directory = new DirectoryInfo(start);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Stormline.slnx")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new DirectoryNotFoundException($"no Stormline.slnx above {start}");
        }

        var messages = Path.Combine(directory.FullName, "src", "Stormline.Broker", "Protocol", "Messages");
        return (Path.Combine(messages, "definitions"), Path.Combine(messages, "Generated"));
    }
}
