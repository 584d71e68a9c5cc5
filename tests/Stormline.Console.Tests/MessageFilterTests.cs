using System.Text.Json.Nodes;
using Stormline.OpsConsole.Messages;

namespace Stormline.OpsConsole.Tests;

/// <summary>The search filter language on messages built in memory: each operator, both ways, and the parse errors.</summary>
public sealed class MessageFilterTests
{
    private static readonly MessageRow Order = Row("""{"customerId":"c-42","total":120.5,"items":[{"sku":"A-1","qty":2}],"tags":["vip","eu"],"note":null,"paid":true}""",
        key: "order-1", headers: [new("traceparent", "00-abc-01"), new("event-type", "OrderCreated"), new("attempt", "3")]);

    private static MessageRow Row(string? json, string? key = null, IReadOnlyList<HeaderRow>? headers = null, string? text = null) =>
        new("t", 0, 0, DateTimeOffset.UnixEpoch, key, headers ?? [],
            json is not null ? new DecodedData("json", null, JsonNode.Parse(json), null) : new DecodedData(text is null ? "null" : "text", null, null, text));

    [Theory]
    [InlineData("""value.customerId == "c-42" && header.traceparent exists""", true)]
    [InlineData("""value.customerId == "c-43" && header.traceparent exists""", false)]
    [InlineData("""value.customerId == "c-43" || header["event-type"] == "OrderCreated" """, true)]
    [InlineData("""header.event-type != "OrderCreated" """, false)]
    [InlineData("value.total > 100 && value.total <= 120.5", true)]
    [InlineData("value.total < 100", false)]
    [InlineData("""value.items[0].sku == "A-1" && value.items[0].qty >= 2""", true)]
    [InlineData("value.items[1].sku exists", false)]
    [InlineData("""value.tags contains "vip" """, true)]
    [InlineData("""key contains "der-" """, true)]
    [InlineData("""!(key contains "test") && value.paid == true""", true)]
    [InlineData("value.note == null && value.note exists", true)]
    [InlineData("value.missing exists", false)]
    [InlineData("""value.missing != "x" """, false)]
    [InlineData("header.attempt > 2", true)]
    [InlineData("header.absent exists", false)]
    [InlineData("""value.customerId == "c-42" && (value.total < 10 || value.paid == false)""", false)]
    public void Matches_a_json_message(string filter, bool expected) =>
        Assert.Equal(expected, MessageFilter.Parse(filter).Matches(Order));

    [Fact]
    public void A_text_value_compares_as_a_string_and_a_tombstone_as_null()
    {
        Assert.True(MessageFilter.Parse("""value contains "hello" """).Matches(Row(null, text: "well hello there")));
        Assert.False(MessageFilter.Parse("value.field exists").Matches(Row(null, text: "plain")));
        Assert.True(MessageFilter.Parse("value == null").Matches(Row(null)));
        Assert.False(MessageFilter.Parse("key exists").Matches(Row(null)));
    }

    [Fact]
    public void A_masked_field_matches_only_the_mask_never_the_real_value()
    {
        var json = JsonNode.Parse("""{"card":"4111-1111-1111-1111"}""");
        new FieldMask(["card"]).Apply(json);
        var row = new MessageRow("t", 0, 0, DateTimeOffset.UnixEpoch, null, [], new DecodedData("json", null, json, null));
        Assert.False(MessageFilter.Parse("""value.card contains "4111" """).Matches(row));
        Assert.True(MessageFilter.Parse($"value.card == \"{FieldMask.Masked}\"").Matches(row));
    }

    [Theory]
    [InlineData("", "position 1")]
    [InlineData("total > 3", "expected key, value or header, not 'total'")]
    [InlineData("value.total >", "expected a \"string\"")]
    [InlineData("value.total ~ 3", "expected ==")]
    [InlineData("""value.a == "open""", "not closed")]
    [InlineData("(value.a exists", "expected )")]
    [InlineData("value.a exists value.b exists", "expected && or ||")]
    [InlineData("header.a.b exists", "a header is named once")]
    [InlineData("value[x] exists", "expected a \"name\" or an index")]
    public void Refuses_what_is_not_a_filter_naming_where(string filter, string expected)
    {
        var error = Assert.Throws<FormatException>(() => MessageFilter.Parse(filter));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
