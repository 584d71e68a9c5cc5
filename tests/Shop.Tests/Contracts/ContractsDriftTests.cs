using Shop.Contracts;
using Shop.Tests.Infrastructure;
using Stormline.Model.Generation;
using Stormline.Model.Parsing;

namespace Shop.Tests.Contracts;

/// <summary>The checked-in contracts (services/Shop.Contracts/Generated) are exactly what `stormline generate` makes of the model today.</summary>
public sealed class ContractsDriftTests
{
    private static readonly string Generated = Path.Combine(RepoPaths.Root, "services", "Shop.Contracts", "Generated");

    [Fact]
    public void Checked_in_contracts_match_the_model()
    {
        var parsed = ModelParser.ParseFile(Path.Combine(RepoPaths.Root, "models", "shop.storm.yaml"));
        Assert.NotNull(parsed.Model);
        var expected = ContractGenerator.Generate(parsed.Model, new TopicPlanOptions()).ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        var actual = Directory.EnumerateFiles(Generated, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(Generated, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText, StringComparer.Ordinal);

        const string Fix = "; run: dotnet src/Stormline.Cli/bin/Release/net10.0/stormline.dll generate models/shop.storm.yaml --out services/Shop.Contracts/Generated";
        Assert.True(expected.Keys.Order().SequenceEqual(actual.Keys.Order()),
            $"generated files differ: missing [{string.Join(", ", expected.Keys.Except(actual.Keys))}], extra [{string.Join(", ", actual.Keys.Except(expected.Keys))}]{Fix}");
        foreach (var (path, content) in expected)
            Assert.True(content == actual[path], $"{path} drifted from the model{Fix}");
    }

    [Fact]
    public void Every_model_event_is_registered_with_its_topic()
    {
        var model = ModelParser.ParseFile(Path.Combine(RepoPaths.Root, "models", "shop.storm.yaml")).Model!;
        var registry = ShopEvents.Registry();

        foreach (var domainEvent in model.Events)
        {
            Assert.True(registry.TryGetType(domainEvent.Name, out var type), $"{domainEvent.Name} is not registered");
            Assert.Equal($"{domainEvent.Context}-events", ShopEvents.TopicOf(type));
        }
        Assert.Equal(model.Events.Count(), ShopEvents.All.Count);
    }
}
