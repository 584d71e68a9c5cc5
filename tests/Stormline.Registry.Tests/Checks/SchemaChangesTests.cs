using Stormline.Registry.Checks;
using Stormline.Registry.Rest.Contracts;
using static Stormline.Registry.Tests.Infrastructure.AvroSchemas;

namespace Stormline.Registry.Tests.Checks;

/// <summary>
/// The semantic diff: each field change with its kind and path, the levels it breaks; and, for every row, the same
/// BACKWARD/FORWARD/FULL verdicts as the compatibility check (the two share one engine and must never disagree).
/// </summary>
public sealed class SchemaChangesTests
{
    private static readonly string Base = Record("R", Field("a", "\"int\""), Field("b", "\"string\"", "\"x\""));

    public static TheoryData<string, string, string, string> Rows() => new()
    {
        // schema type, old, new, expected "kind path [levels]" per change (joined by " | ")
        { "AVRO", Base, Base, "" },
        { "AVRO", Base, Record("R", Field("a", "\"int\""), Field("b", "\"string\"", "\"x\""), Field("c", "\"long\"", "0")), "added c []" },
        { "AVRO", Base, Record("R", Field("a", "\"int\""), Field("b", "\"string\"", "\"x\""), Field("c", "\"long\"")), "added c [BACKWARD FULL]" },
        { "AVRO", Base, Record("R", Field("a", "\"int\"")), "removed b []" },
        { "AVRO", Base, Record("R", Field("b", "\"string\"", "\"x\"")), "removed a [FORWARD FULL]" },
        { "AVRO", Base, Record("R", Field("a", "\"long\""), Field("b", "\"string\"", "\"x\"")), "type-changed a [FORWARD FULL]" },
        { "AVRO", Base, Record("R", Field("a", "\"string\""), Field("b", "\"string\"", "\"x\"")), "type-changed a [BACKWARD FORWARD FULL]" },
        { "AVRO", Base, Record("R", Field("a", "\"int\""), Field("b", "\"string\"", "\"y\"")), "default-changed b []" },
        {
            "AVRO", Base, """{"type":"record","name":"R","namespace":"shop","fields":[{"name":"a","type":"int"},{"name":"beta","aliases":["b"],"type":"string","default":"x"}]}""",
            "renamed beta []"
        },
        {
            "AVRO", Base, """{"type":"record","name":"R","namespace":"shop","fields":[{"name":"alpha","aliases":["a"],"type":"int"},{"name":"b","type":"string","default":"x"}]}""",
            "renamed alpha [FORWARD FULL]"
        },
        { "AVRO", Base, Record("S", Field("a", "\"int\""), Field("b", "\"string\"", "\"x\"")), "changed (schema) [BACKWARD FORWARD FULL]" },
        {
            "AVRO", Record("R", Field("n", Record("N", Field("x", "\"int\"")))), Record("R", Field("n", Record("N", Field("x", "\"int\""), Field("y", "\"int\"")))),
            "added n.y [BACKWARD FULL]"
        },
        { "AVRO", Record("R", Field("l", """{"type":"array","items":"int"}""")), Record("R", Field("l", """{"type":"array","items":"long"}""")), "type-changed l [FORWARD FULL]" },
        { "JSON", """{"type":"object","properties":{"a":{"type":"string"}}}""", """{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}""", "added b [BACKWARD FULL]" },
        {
            "JSON", """{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}""", """{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}},"additionalProperties":false}""",
            "added b [FORWARD FULL]"
        },
        { "JSON", """{"type":"object","properties":{"a":{"type":"number"}}}""", """{"type":"object","properties":{"a":{"type":"integer"}}}""", "type-changed a [BACKWARD FULL]" },
        { "JSON", """{"type":"object","properties":{"a":{"type":"string"}}}""", """{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}""", "type-changed a [BACKWARD FULL]" },
        {
            "JSON", """{"type":"object","properties":{"o":{"type":"object","properties":{"x":{"type":"string","default":"p"}}}}}""", """{"type":"object","properties":{"o":{"type":"object","properties":{"x":{"type":"string","default":"q"}}}}}""",
            "default-changed o.x []"
        },
        { "JSON", """{"type":"object"}""", """{"type":"object","propertyNames":{"maxLength":3}}""", "changed (schema) [BACKWARD FULL]" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Changes_name_the_field_and_the_levels_the_check_would_refuse(string schemaType, string before, string after, string expected)
    {
        var changes = SchemaChanges.Between(schemaType, before, after);

        var described = string.Join(" | ", changes.Select(c => $"{c.Kind} {(c.Path.Length == 0 ? "(schema)" : c.Path)} [{string.Join(" ", c.BrokenLevels)}]"));
        Assert.Equal(expected, described);
        foreach (var (level, name) in new[] { (Compatibility.Backward, "BACKWARD"), (Compatibility.Forward, "FORWARD"), (Compatibility.Full, "FULL") })
        {
            var refused = Infrastructure.Checks.Run(schemaType, level, after, before).Count > 0;
            Assert.True(refused == changes.Any(c => c.BrokenLevels.Contains(name)), $"{name}: the check says {(refused ? "refused" : "accepted")}, the diff disagrees");
        }
    }

    [Fact]
    public void A_break_says_why_with_the_checks_error_type()
    {
        var change = Assert.Single(SchemaChanges.Between("AVRO", Base, Record("R", Field("b", "\"string\"", "\"x\""))));

        var reason = Assert.Single(change.Breaks);
        Assert.Equal("FORWARD", reason.Level);
        Assert.Equal("READER_FIELD_MISSING_DEFAULT_VALUE", reason.ErrorType);
        Assert.Contains("'a'", reason.Reason);
    }
}
