using Stormline.Registry.Rest.Contracts;
using Stormline.Registry.Tests.Infrastructure;
using static Stormline.Registry.Tests.Infrastructure.AvroSchemas;

namespace Stormline.Registry.Tests.Checks;

/// <summary>
/// The Avro specification's resolution rules, one row each: can the reader read what the writer wrote? Checked as
/// BACKWARD (reader = new, writer = old), so each row also pins the error type and the path in the message.
/// </summary>
public sealed class AvroResolutionRuleTests
{
    public static TheoryData<string, string, string, string?> Rules() => new()
    {
        // rule, writer (old), reader (new), expected error type (null = compatible)
        { "identical primitive", "\"int\"", "\"int\"", null },
        { "int promotes to long", "\"int\"", "\"long\"", null },
        { "int promotes to float", "\"int\"", "\"float\"", null },
        { "int promotes to double", "\"int\"", "\"double\"", null },
        { "long promotes to float", "\"long\"", "\"float\"", null },
        { "long promotes to double", "\"long\"", "\"double\"", null },
        { "float promotes to double", "\"float\"", "\"double\"", null },
        { "string reads bytes", "\"bytes\"", "\"string\"", null },
        { "bytes reads string", "\"string\"", "\"bytes\"", null },
        { "long does not narrow to int", "\"long\"", "\"int\"", "TYPE_MISMATCH" },
        { "double does not narrow to float", "\"double\"", "\"float\"", "TYPE_MISMATCH" },
        { "int is not string", "\"int\"", "\"string\"", "TYPE_MISMATCH" },
        { "boolean is not int", "\"boolean\"", "\"int\"", "TYPE_MISMATCH" },
        { "logical type reads as its base", """{"type":"int","logicalType":"date"}""", "\"int\"", null },
        { "field added with default", Record("R", Field("a", "\"int\"")), Record("R", Field("a", "\"int\""), Field("b", "\"string\"", "\"x\"")), null },
        { "field added with null default", Record("R", Field("a", "\"int\"")), Record("R", Field("a", "\"int\""), Field("b", """["null","string"]""", "null")), null },
        { "field added without default", Record("R", Field("a", "\"int\"")), Record("R", Field("a", "\"int\""), Field("b", "\"string\"")), "READER_FIELD_MISSING_DEFAULT_VALUE" },
        { "field removed", Record("R", Field("a", "\"int\""), Field("b", "\"string\"")), Record("R", Field("a", "\"int\"")), null },
        { "field promoted", Record("R", Field("a", "\"int\"")), Record("R", Field("a", "\"long\"")), null },
        { "field narrowed", Record("R", Field("a", "\"long\"")), Record("R", Field("a", "\"int\"")), "TYPE_MISMATCH" },
        { "field renamed with reader alias", Record("R", Field("old", "\"int\"")), """{"type":"record","name":"R","namespace":"shop","fields":[{"name":"renamed","aliases":["old"],"type":"int"}]}""", null },
        { "field renamed without alias", Record("R", Field("old", "\"int\"")), Record("R", Field("renamed", "\"int\"")), "READER_FIELD_MISSING_DEFAULT_VALUE" },
        { "record renamed", Record("R", Field("a", "\"int\"")), Record("S", Field("a", "\"int\"")), "NAME_MISMATCH" },
        { "record renamed with reader alias", Record("R", Field("a", "\"int\"")), """{"type":"record","name":"S","namespace":"shop","aliases":["shop.R"],"fields":[{"name":"a","type":"int"}]}""", null },
        { "record namespace changed, same unqualified name", Record("R", Field("a", "\"int\"")), """{"type":"record","name":"R","namespace":"other","fields":[{"name":"a","type":"int"}]}""", null },
        { "nested record field added without default", Record("R", Field("n", Record("N", Field("x", "\"int\"")))), Record("R", Field("n", Record("N", Field("x", "\"int\""), Field("y", "\"int\"")))), "READER_FIELD_MISSING_DEFAULT_VALUE" },
        { "enum symbol added", """{"type":"enum","name":"E","symbols":["A","B"]}""", """{"type":"enum","name":"E","symbols":["A","B","C"]}""", null },
        { "enum symbol removed", """{"type":"enum","name":"E","symbols":["A","B"]}""", """{"type":"enum","name":"E","symbols":["A"]}""", "MISSING_ENUM_SYMBOLS" },
        { "enum symbol removed with reader default", """{"type":"enum","name":"E","symbols":["A","B"]}""", """{"type":"enum","name":"E","symbols":["A","U"],"default":"U"}""", null },
        { "enum renamed", """{"type":"enum","name":"E","symbols":["A"]}""", """{"type":"enum","name":"F","symbols":["A"]}""", "NAME_MISMATCH" },
        { "fixed same size", """{"type":"fixed","name":"F","size":4}""", """{"type":"fixed","name":"F","size":4}""", null },
        { "fixed size changed", """{"type":"fixed","name":"F","size":4}""", """{"type":"fixed","name":"F","size":8}""", "FIXED_SIZE_MISMATCH" },
        { "array items promoted", """{"type":"array","items":"int"}""", """{"type":"array","items":"long"}""", null },
        { "array items narrowed", """{"type":"array","items":"long"}""", """{"type":"array","items":"int"}""", "TYPE_MISMATCH" },
        { "map values promoted", """{"type":"map","values":"float"}""", """{"type":"map","values":"double"}""", null },
        { "map values changed", """{"type":"map","values":"string"}""", """{"type":"map","values":"int"}""", "TYPE_MISMATCH" },
        { "array is not map", """{"type":"array","items":"int"}""", """{"type":"map","values":"int"}""", "TYPE_MISMATCH" },
        { "union gains a branch", """["null","string"]""", """["null","string","int"]""", null },
        { "union loses a branch", """["null","string","int"]""", """["null","string"]""", "MISSING_UNION_BRANCH" },
        { "plain type widened into a union", "\"string\"", """["null","string"]""", null },
        { "plain type read by a union through promotion", "\"int\"", """["null","long"]""", null },
        { "plain type missing from the reader union", "\"int\"", """["null","string"]""", "MISSING_UNION_BRANCH" },
        { "union narrowed to a plain type", """["null","string"]""", "\"string\"", "MISSING_UNION_BRANCH" },
        { "union narrowed to a type every branch promotes to", """["int","long"]""", "\"double\"", null },
        { "recursive record unchanged", """{"type":"record","name":"Node","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","Node"]}]}""", """{"type":"record","name":"Node","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","Node"]}]}""", null },
        { "recursive record field promoted", """{"type":"record","name":"Node","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","Node"]}]}""", """{"type":"record","name":"Node","fields":[{"name":"v","type":"long"},{"name":"next","type":["null","Node"]}]}""", null },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Resolution_rule(string rule, string writer, string reader, string? expectedError)
    {
        var messages = Infrastructure.Checks.Run("AVRO", Compatibility.Backward, reader, writer);

        if (expectedError is null)
        {
            Assert.True(messages.Count == 0, $"{rule}: {string.Join(" ", messages)}");
        }
        else
        {
            Assert.True(messages.Count > 0, $"{rule}: expected {expectedError}");
            Assert.Contains($"errorType:'{expectedError}'", messages[0]);
        }
    }

    [Fact]
    public void Message_names_the_nested_field_path_and_pointer()
    {
        var writer = Record("R", Field("lines", """{"type":"array","items":{"type":"record","name":"Line","fields":[{"name":"qty","type":"long"}]}}"""));
        var reader = Record("R", Field("lines", """{"type":"array","items":{"type":"record","name":"Line","fields":[{"name":"qty","type":"int"}]}}"""));

        var messages = Infrastructure.Checks.Run("AVRO", Compatibility.Backward, reader, writer);

        Assert.Equal(
            "{errorType:'TYPE_MISMATCH', description:'at field 'lines[].qty' (path '/fields/0/type/items/fields/0/type'): the type changed from long in the old schema to int in the new schema', additionalInfo:'/fields/0/type/items/fields/0/type'}",
            messages[0]);
    }
}
