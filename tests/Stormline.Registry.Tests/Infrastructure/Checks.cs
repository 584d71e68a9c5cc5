using Stormline.Registry.Checks;
using Stormline.Registry.Rest.Contracts;
using Stormline.Registry.Schemas;

namespace Stormline.Registry.Tests.Infrastructure;

/// <summary>Runs the compatibility checker directly (no HTTP) over a history of schemas, oldest first.</summary>
internal static class Checks
{
    private static readonly Dictionary<string, SchemaFormat> Formats = new SchemaFormat[] { new AvroFormat(), new JsonSchemaFormat() }.ToDictionary(f => f.SchemaType);

    public static IReadOnlyList<string> Run(string schemaType, Compatibility level, string candidate, params string[] history)
    {
        var format = Formats[schemaType];
        var previous = history.Select((text, i) => (i + 1, format.Parse(text, [], normalize: false))).ToList();
        return CompatibilityChecker.Check(level, format.Parse(candidate, [], normalize: false), previous, t => Formats[t]);
    }
}
