using Stormline.Model.Generation;

namespace Stormline.Model.Tests.Generation;

/// <summary>The shop's <c>pii</c> marks as Confluent data-contract tags in the generated Avro and JSON schemas and the register request's metadata.</summary>
public sealed class PersonalDataTagsTests
{
    private static readonly Model.Elements.EventModel Shop = ModelText.Shop();

    [Fact]
    public void Avro_fields_marked_pii_carry_confluent_tags_and_others_none()
    {
        var schema = AvroSchemaGenerator.Schema(Shop, Shop.FindEvent("OrderCreated")!);
        var fields = schema["fields"]!.AsArray().Select(f => f!.AsObject()).ToDictionary(f => f["name"]!.GetValue<string>());

        Assert.Equal("""["PII","address"]""", fields["shippingAddress"]["confluent:tags"]!.ToJsonString());
        Assert.All(fields.Where(f => f.Key != "shippingAddress"), f => Assert.False(f.Value.ContainsKey("confluent:tags")));
        Assert.NotNull(Avro.Schema.Parse(schema.ToJsonString())); // still a schema Apache Avro accepts
    }

    [Fact]
    public void Json_schema_properties_marked_pii_carry_confluent_tags_beside_their_ref()
    {
        var order = Shop.Contexts.Single(c => c.Name == "order");
        var schema = JsonSchemaGenerator.Schema(Shop, order, Shop.FindEvent("OrderCreated")!);
        var address = schema["properties"]!["shippingAddress"]!.AsObject();

        Assert.Equal("#/definitions/Address", address["$ref"]!.GetValue<string>());
        Assert.Equal("""["PII","address"]""", address["confluent:tags"]!.ToJsonString());
        Assert.False(schema["properties"]!["userId"]!.AsObject().ContainsKey("confluent:tags"));
    }

    [Fact]
    public void Register_requests_carry_the_tags_as_metadata_by_field_path()
    {
        var avro = EventSchemas.From(Shop, SchemaFormat.Avro, SubjectStrategy.TopicRecord, out _).ToDictionary(s => s.Event);
        var json = EventSchemas.From(Shop, SchemaFormat.Json, SubjectStrategy.TopicRecord, out _).ToDictionary(s => s.Event);

        Assert.Equal("""{"tags":{"shop.order.OrderCreated.shippingAddress":["PII","address"]}}""", avro["OrderCreated"].Metadata!.ToJsonString());
        Assert.Equal("""{"tags":{"OrderCreated.shippingAddress":["PII","address"]}}""", json["OrderCreated"].Metadata!.ToJsonString());
        Assert.Null(avro["OrderPaid"].Metadata);
    }

    [Fact]
    public void Generated_records_name_their_subject_and_personal_fields()
    {
        var files = CSharpGenerator.Generate(Shop).ToDictionary(f => f.Path, f => f.Content);

        Assert.Contains("public const string DataSubject = \"userId\";", files["csharp/Order/OrderCreated.g.cs"], StringComparison.Ordinal);
        Assert.Contains("PersonalFields = [\"shippingAddress\"];", files["csharp/Order/OrderCreated.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain("PersonalFields", files["csharp/Order/OrderPaid.g.cs"], StringComparison.Ordinal);
    }
}
