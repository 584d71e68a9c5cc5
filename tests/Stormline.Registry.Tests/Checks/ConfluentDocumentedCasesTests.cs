using Stormline.Registry.Rest.Contracts;
using static Stormline.Registry.Tests.Infrastructure.AvroSchemas;

namespace Stormline.Registry.Tests.Checks;

/// <summary>
/// Confluent's "Compatibility types" summary, row by row for Avro: which changes each level allows (BACKWARD: delete
/// fields, add optional fields; FORWARD: add fields, delete optional fields; FULL: add and delete optional fields only;
/// NONE: anything) and that the _TRANSITIVE levels hold the same rules against every earlier version.
/// </summary>
public sealed class ConfluentDocumentedCasesTests
{
    private static readonly string Base = Record("R", Field("a", "\"int\""), Field("opt", "\"int\"", "0"));
    private static readonly string AddOptional = Record("R", Field("a", "\"int\""), Field("opt", "\"int\"", "0"), Field("b", "\"string\"", "\"\""));
    private static readonly string AddRequired = Record("R", Field("a", "\"int\""), Field("opt", "\"int\"", "0"), Field("b", "\"string\""));
    private static readonly string DeleteOptional = Record("R", Field("a", "\"int\""));
    private static readonly string DeleteRequired = Record("R", Field("opt", "\"int\"", "0"));

    public static TheoryData<Compatibility, string, string, bool> Cases()
    {
        var changes = new (string Name, string Schema, bool Backward, bool Forward)[]
        {
            ("add optional field", AddOptional, true, true),
            ("add required field", AddRequired, false, true),
            ("delete optional field", DeleteOptional, true, true),
            ("delete required field", DeleteRequired, true, false),
        };
        var data = new TheoryData<Compatibility, string, string, bool>();
        foreach (var (name, schema, backward, forward) in changes)
        {
            data.Add(Compatibility.None, name, schema, true);
            data.Add(Compatibility.Backward, name, schema, backward);
            data.Add(Compatibility.BackwardTransitive, name, schema, backward);
            data.Add(Compatibility.Forward, name, schema, forward);
            data.Add(Compatibility.ForwardTransitive, name, schema, forward);
            data.Add(Compatibility.Full, name, schema, backward && forward);
            data.Add(Compatibility.FullTransitive, name, schema, backward && forward);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Level_allows_what_confluent_documents(Compatibility level, string change, string candidate, bool allowed)
    {
        // Transitive levels see the change against two identical earlier versions, so the verdict must not differ.
        var history = level is Compatibility.BackwardTransitive or Compatibility.ForwardTransitive or Compatibility.FullTransitive ? new[] { Base, Base } : [Base];

        var messages = Infrastructure.Checks.Run("AVRO", level, candidate, history);

        Assert.True(allowed == (messages.Count == 0), $"{level} / {change}: {string.Join(" ", messages)}");
    }
}
