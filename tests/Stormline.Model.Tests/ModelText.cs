using Stormline.Model.Checking;
using Stormline.Model.Diagnostics;
using Stormline.Model.Elements;
using Stormline.Model.Parsing;

namespace Stormline.Model.Tests;

/// <summary>Helpers that parse and check small models written inline in a test.</summary>
internal static class ModelText
{
    public const string File = "test.storm.yaml";

    public static string ShopPath => Path.Combine(AppContext.BaseDirectory, "models", "shop.storm.yaml");

    public static EventModel Shop()
    {
        var parsed = ModelParser.ParseFile(ShopPath);
        Assert.Empty(parsed.Diagnostics);
        return parsed.Model!;
    }

    public static EventModel Parse(string yaml)
    {
        var parsed = ModelParser.Parse(yaml, File);
        Assert.Empty(parsed.Diagnostics);
        return parsed.Model!;
    }

    public static IReadOnlyList<Diagnostic> ParseErrors(string yaml) => ModelParser.Parse(yaml, File).Diagnostics;

    public static IReadOnlyList<Diagnostic> Check(string yaml) => ModelChecker.Check(Parse(yaml));

    /// <summary>The single finding a broken model is meant to produce, as the CLI prints it.</summary>
    public static string Single(IReadOnlyList<Diagnostic> diagnostics)
    {
        Assert.True(diagnostics.Count == 1, "expected exactly one finding, got:\n" + string.Join("\n", diagnostics));
        return diagnostics[0].ToString();
    }
}
