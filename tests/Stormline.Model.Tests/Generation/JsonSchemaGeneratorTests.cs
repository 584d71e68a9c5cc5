using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Stormline.Model.Generation;

namespace Stormline.Model.Tests.Generation;

public sealed class JsonSchemaGeneratorTests
{
    private static readonly Model.Elements.EventModel Shop = ModelText.Shop();

    public static JsonSchema SchemaOf(string eventName)
    {
        var domainEvent = Shop.FindEvent(eventName)!;
        var context = Shop.Contexts.Single(c => c.Name == domainEvent.Context);
        var text = JsonSchemaGenerator.Schema(Shop, context, domainEvent).ToJsonString();
        return JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    public static EvaluationResults Evaluate(string eventName, string json)
    {
        using var document = JsonDocument.Parse(json);
        return SchemaOf(eventName).Evaluate(document.RootElement, new EvaluationOptions { RequireFormatValidation = true, OutputFormat = OutputFormat.List });
    }

    [Fact]
    public void Every_event_gets_a_draft_07_schema_named_by_its_subject()
    {
        var files = JsonSchemaGenerator.Generate(Shop).ToList();

        Assert.Equal(Shop.Events.Count(), files.Count);
        Assert.Contains(files, f => f.Path == "schemas/json/order-events-OrderCreated.schema.json");
        var created = JsonNode.Parse(files.Single(f => f.Path.EndsWith("OrderCreated.schema.json", StringComparison.Ordinal)).Content)!;
        Assert.Equal("http://json-schema.org/draft-07/schema#", (string?)created["$schema"]);
        Assert.Equal("주문이 생성되었다", (string?)created["description"]);
        Assert.False((bool)created["additionalProperties"]!);
        Assert.DoesNotContain("couponCode", created["required"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void Sample_events_validate()
    {
        Assert.True(Evaluate("OrderCreated", ShopSamples.OrderCreated).IsValid);
        Assert.True(Evaluate("PaymentCompleted", ShopSamples.PaymentCompleted).IsValid);
    }

    [Theory]
    [InlineData("missing aggregate id", "\"orderId\":\"o-1\",", "")]
    [InlineData("unknown property", "\"currency\":\"KRW\"", "\"currency\":\"KRW\",\"discount\":3")]
    [InlineData("nested type wrong", "\"quantity\":2", "\"quantity\":\"two\"")]
    [InlineData("nested required missing", "\"city\":\"서울\",", "")]
    [InlineData("required field null", "\"userId\":\"u-7\"", "\"userId\":null")]
    [InlineData("timestamp not a date-time", "2026-11-25T10:00:00+09:00", "yesterday")]
    [InlineData("array not an array", "\"lines\":[{\"productId\":\"p-1\",\"quantity\":2,\"unitPrice\":12500.5}]", "\"lines\":{}")]
    public void Bad_order_created_is_rejected(string why, string replace, string with)
    {
        var bad = ShopSamples.OrderCreated.Replace(replace, with, StringComparison.Ordinal);
        Assert.NotEqual(ShopSamples.OrderCreated, bad);

        Assert.False(Evaluate("OrderCreated", bad).IsValid, why);
    }

    [Fact]
    public void Enum_outside_its_symbols_is_rejected()
    {
        Assert.False(Evaluate("PaymentCompleted", ShopSamples.PaymentCompleted.Replace("\"Card\"", "\"Cash\"", StringComparison.Ordinal)).IsValid);
    }
}
