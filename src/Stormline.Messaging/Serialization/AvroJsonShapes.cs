using Avro;

namespace Stormline.Messaging.Serialization;

/// <summary>Which Avro schemas <see cref="AvroJsonEncoder"/> and <see cref="AvroJsonDecoder"/> handle; others go through Apache Avro's generic datums.</summary>
internal static class AvroJsonShapes
{
    /// <summary>
    /// Records, enums, arrays, maps, unions and primitives, with the logical types decimal (on bytes), timestamp-millis,
    /// timestamp-micros and uuid. Not fixed, nor other logical types, whose datums Apache Avro converts in its own way.
    /// </summary>
    public static bool Supports(Schema schema) => Supports(schema, []);

    private static bool Supports(Schema schema, HashSet<string> seen) => schema switch
    {
        RecordSchema record => !seen.Add(record.Fullname) || record.Fields.All(f => Supports(f.Schema, seen)),
        UnionSchema union => union.Schemas.All(s => Supports(s, seen)),
        ArraySchema array => Supports(array.ItemSchema, seen),
        MapSchema map => Supports(map.ValueSchema, seen),
        EnumSchema => true,
        LogicalSchema logical => logical.LogicalTypeName switch
        {
            "decimal" => logical.BaseSchema.Tag == Schema.Type.Bytes,
            "timestamp-millis" or "timestamp-micros" => logical.BaseSchema.Tag == Schema.Type.Long,
            "uuid" => logical.BaseSchema.Tag == Schema.Type.String,
            _ => false,
        },
        PrimitiveSchema => true,
        _ => false,
    };
}
