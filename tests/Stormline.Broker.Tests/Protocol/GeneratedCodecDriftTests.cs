using Stormline.Broker.Codegen;

namespace Stormline.Broker.Tests.Protocol;

/// <summary>The checked-in message codecs are exactly what the generator makes from the checked-in Kafka definitions.</summary>
public sealed class GeneratedCodecDriftTests
{
    [Fact]
    public void Checked_in_codecs_match_the_generator_output()
    {
        var (definitions, output) = MessageGenerator.RepositoryPaths(AppContext.BaseDirectory);
        var expected = MessageGenerator.GenerateAll(definitions);
        var actual = Directory.GetFiles(output, "*.g.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected.Keys, actual);
        foreach (var (name, content) in expected)
        {
            // A mismatch means a hand edit or a generator change without regenerating: dotnet run --project tools/Stormline.Broker.Codegen
            Assert.True(content == File.ReadAllText(Path.Combine(output, name)), $"{name} differs from the generator's output; regenerate it");
        }
    }

    [Fact]
    public void Every_served_api_has_generated_request_and_response_types()
    {
        var (definitions, _) = MessageGenerator.RepositoryPaths(AppContext.BaseDirectory);
        var names = Directory.GetFiles(definitions, "*.json").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        var table = typeof(Stormline.Broker.Protocol.ApiKey).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false } && t.IsSubclassOf(typeof(Stormline.Broker.Handlers.ApiHandler)))
            .Select(t => t.Name.Replace("Handler", string.Empty, StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(table);
        Assert.All(table, api =>
        {
            Assert.Contains(api + "Request", names);
            Assert.Contains(api + "Response", names);
        });
    }
}
