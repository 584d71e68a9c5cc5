using Avro;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Stormline.Model.Generation;
using Stormline.Model.Parsing;
using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Clients;

/// <summary>
/// The shop's generated OrderCreated with its data-contract tags — the address field tagged PII inline and in
/// metadata.tags — kept and returned by the registry through Confluent's client, and Confluent's Avro serdes still
/// write and read records with it.
/// </summary>
public sealed class PersonalDataTagsTests(RegistryAndBrokerFixture fixture) : IClassFixture<RegistryAndBrokerFixture>
{
    private static EventSchema OrderCreated()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Stormline.slnx"))) root = root.Parent ?? throw new InvalidOperationException("Stormline.slnx not found");
        var model = ModelParser.ParseFile(Path.Combine(root.FullName, "models", "shop.storm.yaml")).Model!;
        return EventSchemas.From(model, SchemaFormat.Avro, SubjectStrategy.TopicRecord, out _).Single(s => s.Event == "OrderCreated");
    }

    [Fact]
    public async Task Tags_are_kept_returned_and_the_avro_serdes_still_work()
    {
        var created = OrderCreated();
        var tags = created.Metadata!["tags"]!.AsObject().ToDictionary(t => t.Key, t => (ISet<string>)t.Value!.AsArray().Select(v => (string)v!).ToHashSet());
        var subject = "pii-" + created.Subject;
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = fixture.Registry.Url });

        var id = await registry.RegisterSchemaAsync(subject, new Confluent.SchemaRegistry.Schema(created.Schema, [], SchemaType.Avro, new Confluent.SchemaRegistry.Metadata(tags, null, null), null));

        var latest = await registry.GetLatestSchemaAsync(subject);
        Assert.Equal(id, latest.Id);
        Assert.Contains("\"confluent:tags\":[\"PII\",\"address\"]", latest.SchemaString, StringComparison.Ordinal);
        Assert.Equal(["PII", "address"], latest.Metadata.Tags["shop.order.OrderCreated.shippingAddress"].Order(StringComparer.Ordinal));
        var byId = await registry.GetSchemaAsync(id);
        Assert.Contains("confluent:tags", byId.SchemaString, StringComparison.Ordinal);

        var schema = (RecordSchema)Avro.Schema.Parse(latest.SchemaString);
        var address = new GenericRecord((RecordSchema)schema["shippingAddress"].Schema);
        foreach (var (field, value) in new[] { ("recipient", "Kim Minji"), ("street", "1 Secret Road"), ("city", "Seoul"), ("postalCode", "04524") }) address.Add(field, value);
        address.Add("phone", null);
        var record = new GenericRecord(schema);
        record.Add("orderId", "o-1");
        record.Add("userId", "u-1");
        record.Add("lines", Array.Empty<object>());
        record.Add("total", new AvroDecimal(10.0000m));
        record.Add("currency", "KRW");
        record.Add("shippingAddress", address);
        record.Add("couponCode", null);
        record.Add("createdAt", DateTime.UtcNow);
        var context = new SerializationContext(MessageComponentType.Value, "pii-order-events");
        var serializer = new AvroSerializer<GenericRecord>(registry, new AvroSerializerConfig { AutoRegisterSchemas = false, UseLatestVersion = true, SubjectNameStrategy = SubjectNameStrategy.TopicRecord });
        var bytes = await serializer.SerializeAsync(record, context);

        var read = await new AvroDeserializer<GenericRecord>(registry).DeserializeAsync(bytes, false, context);
        Assert.Equal("Kim Minji", ((GenericRecord)read["shippingAddress"])["recipient"]);
    }
}
