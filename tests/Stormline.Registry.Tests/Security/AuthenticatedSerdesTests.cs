using Avro;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Stormline.Registry.Tests.Infrastructure;
using static Stormline.Registry.Tests.Infrastructure.AuthenticatedRegistryFixture;

namespace Stormline.Registry.Tests.Security;

/// <summary>Confluent's own client and Avro serdes, configured with <c>basic.auth.user.info</c>, against a registry with users.</summary>
public sealed class AuthenticatedSerdesTests(AuthenticatedRegistryFixture fixture) : IClassFixture<AuthenticatedRegistryFixture>
{
    private static readonly SerializationContext Context = new(MessageComponentType.Value, "auth-orders");

    private CachedSchemaRegistryClient Registry(string userInfo) => new(new SchemaRegistryConfig
    {
        Url = fixture.Url,
        BasicAuthCredentialsSource = AuthCredentialsSource.UserInfo,
        BasicAuthUserInfo = userInfo,
    });

    private static GenericRecord Order(string id)
    {
        var record = new GenericRecord((RecordSchema)Avro.Schema.Parse(AvroSchemas.OrderV2));
        record.Add("id", id);
        record.Add("total", 9.5);
        return record;
    }

    [Fact]
    public async Task A_writer_serializes_with_auto_registration_and_a_reader_deserializes_by_id()
    {
        using var writerRegistry = Registry(UserInfo(Writer));
        var bytes = await new AvroSerializer<GenericRecord>(writerRegistry).SerializeAsync(Order("o-1"), Context);

        // A separate client, so the writer schema is fetched from the registry by id with the reader's credentials.
        using var readerRegistry = Registry(UserInfo(Reader));
        var order = await new AvroDeserializer<GenericRecord>(readerRegistry).DeserializeAsync(bytes, isNull: false, Context);

        Assert.Equal("o-1", order["id"]);
        Assert.Equal(9.5, order["total"]);
        Assert.Equal([1], await readerRegistry.GetSubjectVersionsAsync("auth-orders-value"));
    }

    [Fact]
    public async Task A_reader_cannot_auto_register_and_a_wrong_password_is_refused()
    {
        using var readerRegistry = Registry(UserInfo(Reader));
        var forbidden = await Assert.ThrowsAsync<SchemaRegistryException>(() =>
            new AvroSerializer<GenericRecord>(readerRegistry).SerializeAsync(Order("o-2"), new SerializationContext(MessageComponentType.Value, "auth-refused")));
        Assert.Equal(40301, forbidden.ErrorCode);

        using var wrongRegistry = Registry($"{Writer}:wrong");
        var unauthorized = await Assert.ThrowsAsync<SchemaRegistryException>(() => wrongRegistry.GetAllSubjectsAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, unauthorized.Status);
    }
}
