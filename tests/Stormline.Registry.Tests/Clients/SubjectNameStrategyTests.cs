using Avro;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Stormline.Cli.Schemas;
using Stormline.Model.Generation;
using Stormline.Model.Parsing;
using Stormline.Registry.Tests.Cli;
using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Clients;

/// <summary>
/// Confluent's own <c>AvroSerializer</c>, with auto-registration off and each <c>SubjectNameStrategy</c>, finds the
/// schema <c>stormline schema register</c> put under the same strategy: the subjects are computed alike.
/// </summary>
public sealed class SubjectNameStrategyTests : IAsyncLifetime
{
    private readonly RegistryFixture _registry = new();

    public ValueTask InitializeAsync() => _registry.InitializeAsync();

    public ValueTask DisposeAsync() => _registry.DisposeAsync();

    public static TheoryData<SubjectStrategy, SubjectNameStrategy, string> Strategies() => new()
    {
        { SubjectStrategy.TopicRecord, SubjectNameStrategy.TopicRecord, "order-events-shop.order.OrderCreated" },
        { SubjectStrategy.Record, SubjectNameStrategy.Record, "shop.order.OrderCreated" },
        { SubjectStrategy.Topic, SubjectNameStrategy.Topic, "order-events-value" },
    };

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task Confluents_serializer_finds_the_schema_stormline_registered(SubjectStrategy ours, SubjectNameStrategy confluents, string subject)
    {
        // One event type on the topic, so the topic strategy (one schema per topic) applies too.
        var model = ModelParser.Parse(ShopModels.Version1.Replace("          CancelOrder: { emits: [OrderCancelled] }\n", "").Replace("      OrderCancelled:\n        fields: { orderId: string, reason: string }", ""), "shop.storm.yaml").Model!;
        var error = new StringWriter();
        Assert.Equal(0, await SchemaSync.RunAsync(model, SchemaFormat.Avro, ours, _registry.Url, register: true, TextWriter.Null, error, TimeSpan.FromSeconds(30)));

        var context = model.Contexts.Single();
        var schema = (RecordSchema)Avro.Schema.Parse(AvroSchemaGenerator.Schema(model, context.Events.Single()).ToJsonString());
        var record = new GenericRecord(schema);
        record.Add("orderId", "o-1");
        record.Add("total", new AvroDecimal(12.5000m));
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.Url });
        var serializer = new AvroSerializer<GenericRecord>(registry, new AvroSerializerConfig { AutoRegisterSchemas = false, SubjectNameStrategy = confluents });

        var bytes = await serializer.SerializeAsync(record, new SerializationContext(MessageComponentType.Value, context.TopicName));

        var registered = await registry.GetLatestSchemaAsync(subject);
        Assert.Equal(0, bytes[0]);
        Assert.Equal(registered.Id, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4)));
        Assert.Equal([subject], await registry.GetAllSubjectsAsync());
    }
}
