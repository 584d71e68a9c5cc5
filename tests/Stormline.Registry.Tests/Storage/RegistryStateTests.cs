using Stormline.Registry.Storage;

namespace Stormline.Registry.Tests.Storage;

/// <summary>The replay rules that let registries sharing a topic agree: the first record in log order wins.</summary>
public sealed class RegistryStateTests
{
    private static LogRecord Schema(string subject, int version, int id, string schema, bool deleted = false) =>
        new() { Kind = LogRecord.SchemaKind, Subject = subject, Version = version, Id = id, SchemaType = "AVRO", Schema = schema, Deleted = deleted };

    [Fact]
    public void Records_that_contradict_earlier_ones_are_refused_and_change_nothing()
    {
        var state = new RegistryState();
        Assert.True(state.Apply(Schema("s", 1, 1, "\"string\"")));

        Assert.False(state.Apply(Schema("t", 1, 1, "\"int\"")));   // id 1 is already another schema
        Assert.False(state.Apply(Schema("t", 1, 2, "\"string\""))); // this schema already has id 1
        Assert.False(state.Apply(Schema("s", 1, 2, "\"long\"")));   // s version 1 already holds id 1

        Assert.Null(state.VersionsOf("t"));
        Assert.Equal(1, state.MaxId);
        Assert.Equal(1, Assert.Single(state.VersionsOf("s")!).Id);
    }

    [Fact]
    public void Records_that_agree_with_earlier_ones_are_applied()
    {
        var state = new RegistryState();
        Assert.True(state.Apply(Schema("s", 1, 1, "\"string\"")));

        Assert.True(state.Apply(Schema("t", 1, 1, "\"string\"")));               // same schema, same id, other subject
        Assert.True(state.Apply(Schema("s", 1, 1, "\"string\"", deleted: true))); // soft delete of the same version
        Assert.True(state.Apply(new LogRecord { Kind = LogRecord.DeleteVersionKind, Subject = "s", Version = 1 }));
        Assert.True(state.Apply(Schema("s", 1, 2, "\"long\"")));                  // after a hard delete the version is free

        Assert.Equal(2, state.MaxId);
        Assert.True(state.Apply(Schema("u", 1, 1, "\"string\"")));               // a hard delete keeps the id's meaning
        Assert.False(state.Apply(Schema("u", 2, 1, "\"int\"")));
    }

    [Fact]
    public void A_schema_id_record_alone_keeps_the_id_taken_and_its_content_mapped()
    {
        var state = new RegistryState(); // a compacted topic: the version's records are gone, the SCHEMA_ID record stays
        Assert.True(state.Apply(new LogRecord { Kind = LogRecord.SchemaIdKind, Id = 9, SchemaType = "AVRO", Schema = "\"string\"" }));

        Assert.Equal(9, state.MaxId);
        Assert.Empty(state.Usages(9));
        Assert.False(state.Apply(Schema("s", 1, 9, "\"int\"")));
        Assert.True(state.Apply(Schema("s", 1, 9, "\"string\"")));
    }

    [Fact]
    public void A_key_whose_last_record_was_refused_is_listed_until_a_repair_supersedes_it()
    {
        var state = new RegistryState();
        state.Apply(Schema("s", 1, 1, "\"string\""));
        state.Apply(Schema("s", 1, 2, "\"int\"")); // lost the race for s/1
        Assert.Equal([("s", 1)], state.RefusedLast);

        Assert.False(state.Apply(new LogRecord { Kind = LogRecord.AbsentKind, Subject = "s", Version = 1 })); // s/1 is there
        Assert.True(state.Apply(Schema("s", 1, 1, "\"string\"") with { Restore = true, Deleted = true }));

        Assert.Empty(state.RefusedLast);
        Assert.False(Assert.Single(state.VersionsOf("s")!).Deleted); // a repair never changes what is there
    }

    [Fact]
    public void A_repair_alone_as_compaction_leaves_it_gives_the_winner()
    {
        var state = new RegistryState(); // compacted: the winner's record was dropped, the repair copying it stays
        Assert.True(state.Apply(Schema("s", 1, 1, "\"string\"") with { Restore = true }));
        Assert.True(state.Apply(new LogRecord { Kind = LogRecord.AbsentKind, Subject = "t", Version = 1 }));

        Assert.Equal(1, Assert.Single(state.VersionsOf("s")!).Id);
        Assert.Null(state.VersionsOf("t"));
    }
}
