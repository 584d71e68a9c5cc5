using Stormline.Model.Elements;

namespace Stormline.Model.Tests.Parsing;

public sealed class ModelParserTests
{
    [Fact]
    public void Shop_model_parses_with_its_three_contexts_and_korean_labels()
    {
        var shop = ModelText.Shop();

        Assert.Equal("shop", shop.Name);
        Assert.Equal(["order", "payment", "delivery"], shop.Contexts.Select(c => c.Name));
        Assert.Equal("주문이 생성되었다", shop.FindEvent("OrderCreated")!.Label);
        Assert.Equal("결제가 완료되었다", shop.FindEvent("PaymentCompleted")!.Label);
        Assert.Equal("배송이 시작되었다", shop.FindEvent("DeliveryStarted")!.Label);
        Assert.Equal("orderId", shop.FindAggregate("Order")!.Id!.Name);
        Assert.Contains(shop.Policies, p => p.When.Name == "OrderCreated" && p.Then.Name == "AuthorizePayment" && p.Context == "payment");
    }

    [Fact]
    public void Field_types_carry_arrays_optionals_and_their_location()
    {
        var shop = ModelText.Shop();
        var created = shop.FindEvent("OrderCreated")!;

        var lines = created.Fields.Single(f => f.Name == "lines");
        Assert.Equal(("OrderLine", true, false), (lines.Type.Element, lines.Type.IsArray, lines.Type.IsOptional));
        Assert.Equal("주문 항목", lines.Label);
        var coupon = created.Fields.Single(f => f.Name == "couponCode");
        Assert.Equal(("string", false, true), (coupon.Type.Element, coupon.Type.IsArray, coupon.Type.IsOptional));
        Assert.Equal(["CustomerRequest", "PaymentFailed", "OutOfStock"], shop.FindEnum("CancelReason")!.Symbols.Select(s => s.Name));
        Assert.Equal(ModelText.ShopPath, created.Location.File);
        Assert.True(created.Location.Line > 1);
    }

    [Fact]
    public void Optional_array_type_is_both_array_and_optional()
    {
        var type = TypeRef.Parse("OrderLine[]?", new("f", 1, 1));

        Assert.Equal(("OrderLine", true, true), (type.Element, type.IsArray, type.IsOptional));
    }

    [Fact]
    public void Topic_hints_turn_durations_into_retention_ms()
    {
        var model = ModelText.Parse("""
            system: s
            contexts:
              order:
                topic: { eventsPerSecond: 120.5, retention: 7d, partitions: 6, cleanupPolicy: delete }
              audit:
                topic: { retention: forever }
            """);

        Assert.Equal(new TopicHints(120.5, 604_800_000, 6, "delete", new(ModelText.File, 4, 12)), model.Contexts[0].Topic);
        Assert.Equal(-1, model.Contexts[1].Topic!.RetentionMs);
    }

    [Fact]
    public void Lists_of_names_are_accepted_where_no_details_are_needed()
    {
        var model = ModelText.Parse("""
            system: s
            contexts:
              payment:
                externalSystems: [PaymentGateway]
                readModels: [PaymentHistory]
            """);

        Assert.Equal("PaymentGateway", model.ExternalSystems.Single().Name);
        Assert.Equal(new("test.storm.yaml", 5, 18), model.ReadModels.Single().Location);
    }

    [Fact]
    public void Invalid_yaml_is_reported_with_its_location()
    {
        var errors = ModelText.ParseErrors("""
            system: s
            contexts:
              order: { aggregates: [ }
            """);

        var error = Assert.Single(errors);
        Assert.Equal("yaml-syntax", error.Code);
        Assert.Equal((3, 26), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Unknown_key_names_the_keys_that_are_allowed()
    {
        var errors = ModelText.ParseErrors("""
            system: s
            contexts:
              order:
                aggregates:
                  Order:
                    id: orderId
                    commands:
                      CreateOrder: { emit: [OrderCreated] }
            """);

        Assert.Equal("test.storm.yaml:8:26: error unknown-key: unknown key 'emit' in command CreateOrder; expected one of: label, actor, emits, calls", ModelText.Single(errors));
    }

    [Fact]
    public void Wrong_shape_says_what_was_expected()
    {
        var errors = ModelText.ParseErrors("""
            system: s
            contexts:
              order:
                events:
                  OrderCreated: [orderId]
            """);

        Assert.Equal("test.storm.yaml:5:21: error wrong-shape: event OrderCreated should be a mapping (name: value lines), but is a list", ModelText.Single(errors));
    }

    [Fact]
    public void Aggregate_without_id_is_reported()
    {
        var errors = ModelText.ParseErrors("""
            system: s
            contexts:
              order:
                aggregates:
                  Order: { label: 주문 }
            """);

        Assert.Equal("test.storm.yaml:5:7: error missing-id: aggregate Order has no 'id'; name the field that identifies it, e.g. 'id: orderId' (it becomes the Kafka key)", ModelText.Single(errors));
    }

    [Fact]
    public void Field_without_type_is_reported()
    {
        var errors = ModelText.ParseErrors("""
            system: s
            contexts:
              order:
                events:
                  OrderCreated:
                    fields: { orderId: }
            """);

        Assert.Equal("test.storm.yaml:6:19: error missing-type: field orderId of event OrderCreated has no type; write e.g. 'orderId: string'", ModelText.Single(errors));
    }

    [Fact]
    public void Empty_file_says_how_to_start()
    {
        Assert.Equal("test.storm.yaml:1:1: error empty-model: the file is empty; start with 'system: <name>' and 'contexts:' (see docs/model.md)", ModelText.Single(ModelText.ParseErrors("")));
    }
}
