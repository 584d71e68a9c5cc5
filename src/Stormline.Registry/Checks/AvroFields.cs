using Avro;

namespace Stormline.Registry.Checks;

/// <summary>An Avro schema's fields by path (<c>customer.name</c>, <c>lines[].qty</c>, <c>tags{}</c>), nested records included.</summary>
internal static class AvroFields
{
    public static List<KeyValuePair<string, FieldShape>> Of(Schema schema)
    {
        var fields = new List<KeyValuePair<string, FieldShape>>();
        Walk(schema, "", fields, []);
        return fields;
    }

    private static void Walk(Schema schema, string path, List<KeyValuePair<string, FieldShape>> fields, HashSet<string> records)
    {
        switch (schema)
        {
            case LogicalSchema logical:
                Walk(logical.BaseSchema, path, fields, records);
                break;
            case RecordSchema record when records.Add(record.Fullname):
                foreach (var field in record.Fields)
                {
                    var at = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
                    fields.Add(KeyValuePair.Create(at, new FieldShape(Describe(field.Schema), field.DefaultValue?.ToString(Newtonsoft.Json.Formatting.None), [.. field.Aliases ?? []])));
                    Walk(field.Schema, at, fields, records);
                }

                records.Remove(record.Fullname);
                break;
            case ArraySchema array:
                Walk(array.ItemSchema, path + "[]", fields, records);
                break;
            case MapSchema map:
                Walk(map.ValueSchema, path + "{}", fields, records);
                break;
            case UnionSchema union:
                foreach (var branch in union.Schemas)
                {
                    Walk(branch, path, fields, records);
                }

                break;
        }
    }

    /// <summary>A type as one line: nested records by name only, since their fields are compared one by one.</summary>
    private static string Describe(Schema schema) => schema switch
    {
        LogicalSchema logical => $"{Describe(logical.BaseSchema)} ({logical.LogicalTypeName})",
        RecordSchema record => $"record {record.Fullname}",
        EnumSchema e => $"enum {e.Fullname} [{string.Join(", ", e.Symbols)}]",
        FixedSchema f => $"fixed {f.Fullname} ({f.Size} bytes)",
        ArraySchema array => $"array<{Describe(array.ItemSchema)}>",
        MapSchema map => $"map<{Describe(map.ValueSchema)}>",
        UnionSchema union => $"[{string.Join(", ", union.Schemas.Select(Describe))}]",
        _ => schema.Tag.ToString().ToLowerInvariant(),
    };
}
