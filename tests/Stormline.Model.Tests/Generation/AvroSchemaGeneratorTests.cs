using Avro;
using Avro.Generic;
using Avro.IO;
using Stormline.Model.Generation;

namespace Stormline.Model.Tests.Generation;

public sealed class AvroSchemaGeneratorTests
{
    private static readonly Model.Elements.EventModel Shop = ModelText.Shop();

    [Fact]
    public void Every_event_schema_parses_with_apache_avro()
    {
        var files = AvroSchemaGenerator.Generate(Shop).ToList();

        Assert.Equal(Shop.Events.Count(), files.Count);
        foreach (var file in files)
        {
            var schema = Assert.IsType<RecordSchema>(Schema.Parse(file.Content));
            Assert.Equal(Path.GetFileNameWithoutExtension(file.Path), $"{Shop.FindEvent(schema.Name)!.Context}-events-{schema.Name}");
        }
    }

    [Fact]
    public void Order_created_round_trips_through_avro_binary()
    {
        var schema = (RecordSchema)Schema.Parse(AvroSchemaGenerator.Schema(Shop, Shop.FindEvent("OrderCreated")!).ToJsonString());
        var lineSchema = (RecordSchema)((ArraySchema)schema.Fields.Single(f => f.Name == "lines").Schema).ItemSchema;
        var addressSchema = (RecordSchema)schema.Fields.Single(f => f.Name == "shippingAddress").Schema;

        var line = new GenericRecord(lineSchema);
        line.Add("productId", "p-1");
        line.Add("quantity", 2);
        line.Add("unitPrice", new AvroDecimal(12500.5000m)); // an Avro decimal must carry exactly the schema's scale (4)
        var address = new GenericRecord(addressSchema);
        address.Add("recipient", "김민지");
        address.Add("street", "세종대로 110");
        address.Add("city", "서울");
        address.Add("postalCode", "04524");
        address.Add("phone", null);
        var created = new GenericRecord(schema);
        created.Add("orderId", "o-1");
        created.Add("userId", "u-7");
        created.Add("lines", new object[] { line });
        created.Add("total", new AvroDecimal(25001.0000m));
        created.Add("currency", "KRW");
        created.Add("shippingAddress", address);
        created.Add("couponCode", "WELCOME");
        created.Add("createdAt", new DateTime(2026, 11, 25, 1, 0, 0, DateTimeKind.Utc));

        using var stream = new MemoryStream();
        new GenericDatumWriter<GenericRecord>(schema).Write(created, new BinaryEncoder(stream));
        stream.Position = 0;
        var read = new GenericDatumReader<GenericRecord>(schema, schema).Read(null!, new BinaryDecoder(stream));

        Assert.Equal("o-1", read["orderId"]);
        Assert.Equal(25001m, ((AvroDecimal)read["total"]).ToType<decimal>());
        Assert.Equal("WELCOME", read["couponCode"]);
        Assert.Equal(new DateTime(2026, 11, 25, 1, 0, 0, DateTimeKind.Utc), read["createdAt"]);
        var readLine = (GenericRecord)((object[])read["lines"])[0];
        Assert.Equal(12500.5m, ((AvroDecimal)readLine["unitPrice"]).ToType<decimal>());
        Assert.Equal("서울", ((GenericRecord)read["shippingAddress"])["city"]);
    }

    [Fact]
    public void Optional_fields_are_nullable_unions_with_a_null_default()
    {
        var schema = (RecordSchema)Schema.Parse(AvroSchemaGenerator.Schema(Shop, Shop.FindEvent("OrderCreated")!).ToJsonString());
        var coupon = schema.Fields.Single(f => f.Name == "couponCode");

        Assert.IsType<UnionSchema>(coupon.Schema);
        Assert.Equal(Schema.Type.Null, ((UnionSchema)coupon.Schema).Schemas[0].Tag);
        Assert.True(coupon.DefaultValue is not null && coupon.DefaultValue.Type == Newtonsoft.Json.Linq.JTokenType.Null);
    }
}
