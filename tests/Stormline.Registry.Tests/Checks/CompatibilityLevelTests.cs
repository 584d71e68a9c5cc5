using Stormline.Registry.Rest.Contracts;
using static Stormline.Registry.Tests.Infrastructure.AvroSchemas;

namespace Stormline.Registry.Tests.Checks;

/// <summary>The seven levels: which direction each checks, and against the latest version or all of them.</summary>
public sealed class CompatibilityLevelTests
{
    private static readonly string V1 = Record("R", Field("a", "\"int\""));
    private static readonly string AddedWithDefault = Record("R", Field("a", "\"int\""), Field("b", "\"int\"", "0"));
    private static readonly string AddedWithoutDefault = Record("R", Field("a", "\"int\""), Field("b", "\"int\""));
    private static readonly string RemovedWithoutDefault = Record("R", Field("x", "\"int\"", "0"));

    // History for transitive checks: v1 has only 'a'; v2 drops 'a' for 'c' with defaults; a candidate requiring 'c'
    // without default reads v2 (which has c) but not v1.
    private static readonly string V2 = Record("R", Field("a", "\"int\"", "0"), Field("c", "\"int\"", "0"));
    private static readonly string NeedsC = Record("R", Field("a", "\"int\"", "0"), Field("c", "\"int\""));

    public static TheoryData<string, Compatibility, string, string[], bool> Cases() => new()
    {
        { "NONE accepts anything", Compatibility.None, Record("Other", Field("z", "\"string\"")), [V1], true },
        { "BACKWARD: added with default", Compatibility.Backward, AddedWithDefault, [V1], true },
        { "BACKWARD: added without default", Compatibility.Backward, AddedWithoutDefault, [V1], false },
        { "BACKWARD: removed field", Compatibility.Backward, RemovedWithoutDefault, [V1], true },
        { "FORWARD: added without default (old ignores it)", Compatibility.Forward, AddedWithoutDefault, [V1], true },
        { "FORWARD: removed field the old reader needs", Compatibility.Forward, RemovedWithoutDefault, [V1], false },
        { "FULL: added with default", Compatibility.Full, AddedWithDefault, [V1], true },
        { "FULL: added without default", Compatibility.Full, AddedWithoutDefault, [V1], false },
        { "FULL: removed field", Compatibility.Full, RemovedWithoutDefault, [V1], false },
        { "BACKWARD checks only the latest", Compatibility.Backward, NeedsC, [V1, V2], true },
        { "BACKWARD_TRANSITIVE checks every version", Compatibility.BackwardTransitive, NeedsC, [V1, V2], false },
        { "FORWARD checks only the latest", Compatibility.Forward, Record("R", Field("c", "\"int\"")), [V1, V2], true },
        { "FORWARD_TRANSITIVE checks every version", Compatibility.ForwardTransitive, Record("R", Field("c", "\"int\"")), [V1, V2], false },
        { "FULL checks only the latest", Compatibility.Full, Record("R", Field("a", "\"int\"", "0"), Field("c", "\"int\"", "0"), Field("d", "\"int\"", "0")), [Record("R", Field("q", "\"int\"")), V2], true },
        { "FULL_TRANSITIVE checks every version", Compatibility.FullTransitive, Record("R", Field("a", "\"int\"", "0"), Field("c", "\"int\"", "0"), Field("d", "\"int\"", "0")), [Record("R", Field("q", "\"int\"")), V2], false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Level(string rule, Compatibility level, string candidate, string[] history, bool compatible)
    {
        var messages = Infrastructure.Checks.Run("AVRO", level, candidate, history);

        Assert.True(compatible == (messages.Count == 0), $"{rule}: {string.Join(" ", messages)}");
    }

    [Fact]
    public void Transitive_messages_name_the_version_that_broke()
    {
        var messages = Infrastructure.Checks.Run("AVRO", Compatibility.BackwardTransitive, NeedsC, V1, V2);

        Assert.Contains("{oldSchemaVersion: 1}", messages);
        Assert.Contains("{compatibility: 'BACKWARD_TRANSITIVE'}", messages);
    }
}
