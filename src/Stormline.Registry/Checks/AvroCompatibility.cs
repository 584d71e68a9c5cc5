using Avro;

namespace Stormline.Registry.Checks;

/// <summary>
/// The Avro specification's schema resolution rules ("Parsing Canonical Form"/"Schema Resolution"), checked without data:
/// can every datum written with the writer's schema be read with the reader's? Paths are JSON pointers into the reader's
/// schema (<c>/fields/2/type/items</c>) and descriptions name the field path (<c>order.lines[].price</c>).
/// Error types are the Avro library's <c>SchemaIncompatibilityType</c> names, which Confluent reports too.
/// </summary>
internal sealed class AvroCompatibility
{
    private readonly ReadRoles roles;
    private readonly List<Incompatibility> _found = [];
    private readonly HashSet<(Schema, Schema)> _inProgress;

    public AvroCompatibility(ReadRoles roles)
        : this(roles, new HashSet<(Schema, Schema)>(ReferencePairComparer.Instance))
    {
    }

    // Trial checks (union branches) share the in-progress pairs so recursive types through unions terminate.
    private AvroCompatibility(ReadRoles roles, HashSet<(Schema, Schema)> inProgress)
    {
        this.roles = roles;
        _inProgress = inProgress;
    }

    public IReadOnlyList<Incompatibility> Check(Schema reader, Schema writer)
    {
        Visit(reader, writer, "", "");
        return _found;
    }

    private void Visit(Schema reader, Schema writer, string path, string field)
    {
        reader = Unwrap(reader);
        writer = Unwrap(writer);
        if (!_inProgress.Add((reader, writer)))
        {
            return; // a recursive type already being compared: assume compatible, as the spec's algorithm does
        }

        try
        {
            VisitPair(reader, writer, path, field);
        }
        finally
        {
            _inProgress.Remove((reader, writer));
        }
    }

    private void VisitPair(Schema reader, Schema writer, string path, string field)
    {
        if (writer is UnionSchema writerUnion)
        {
            // Every branch the writer may have used must be readable.
            for (var i = 0; i < writerUnion.Schemas.Count; i++)
            {
                if (reader is UnionSchema readerUnion ? !ReadableByUnion(readerUnion, writerUnion.Schemas[i]) : Problems(reader, writerUnion.Schemas[i]).Count > 0)
                {
                    Add("MISSING_UNION_BRANCH", path, field, $"the {roles.Reader} schema cannot read branch {i} ({Describe(writerUnion.Schemas[i])}) of the {roles.Writer} schema's union");
                }
            }

            return;
        }

        if (reader is UnionSchema union)
        {
            if (!ReadableByUnion(union, writer))
            {
                Add("MISSING_UNION_BRANCH", path, field, $"the {roles.Reader} schema's union has no branch for {Describe(writer)} of the {roles.Writer} schema");
            }

            return;
        }

        if (reader.Tag != writer.Tag)
        {
            if (!Promotes(writer.Tag, reader.Tag))
            {
                Add("TYPE_MISMATCH", path, field, $"the type changed from {Describe(writer)} in the {roles.Writer} schema to {Describe(reader)} in the {roles.Reader} schema");
            }

            return;
        }

        switch (reader)
        {
            case RecordSchema record:
                if (CheckName(record, (NamedSchema)writer, path, field))
                {
                    VisitRecord(record, (RecordSchema)writer, path, field);
                }

                break;
            case EnumSchema readerEnum:
                if (CheckName(readerEnum, (NamedSchema)writer, path, field) && readerEnum.Default is null)
                {
                    var missing = ((EnumSchema)writer).Symbols.Where(s => !readerEnum.Symbols.Contains(s)).ToList();
                    if (missing.Count > 0)
                    {
                        Add("MISSING_ENUM_SYMBOLS", path + "/symbols", field, $"the {roles.Reader} schema's enum {readerEnum.Fullname} lacks the symbols [{string.Join(", ", missing)}] and has no default");
                    }
                }

                break;
            case FixedSchema readerFixed:
                if (CheckName(readerFixed, (NamedSchema)writer, path, field) && readerFixed.Size != ((FixedSchema)writer).Size)
                {
                    Add("FIXED_SIZE_MISMATCH", path + "/size", field, $"the fixed {readerFixed.Fullname} is {((FixedSchema)writer).Size} bytes in the {roles.Writer} schema and {readerFixed.Size} in the {roles.Reader} schema");
                }

                break;
            case ArraySchema array:
                Visit(array.ItemSchema, ((ArraySchema)writer).ItemSchema, path + "/items", field + "[]");
                break;
            case MapSchema map:
                Visit(map.ValueSchema, ((MapSchema)writer).ValueSchema, path + "/values", field + "{}");
                break;
        }
    }

    private void VisitRecord(RecordSchema reader, RecordSchema writer, string path, string field)
    {
        for (var i = 0; i < reader.Fields.Count; i++)
        {
            var readerField = reader.Fields[i];
            var fieldPath = $"{path}/fields/{i}";
            var name = field.Length == 0 ? readerField.Name : $"{field}.{readerField.Name}";
            var writerField = FindWriterField(writer, readerField);
            if (writerField is not null)
            {
                Visit(readerField.Schema, writerField.Schema, fieldPath + "/type", name);
            }
            else if (readerField.DefaultValue is null)
            {
                Add("READER_FIELD_MISSING_DEFAULT_VALUE", fieldPath, name, $"the field '{name}' is in the {roles.Reader} schema without a default and missing from the {roles.Writer} schema");
            }
        }
    }

    private static Field? FindWriterField(RecordSchema writer, Field readerField)
    {
        if (writer.TryGetField(readerField.Name, out var byName))
        {
            return byName;
        }

        // Reader aliases name the writer's field after a rename.
        foreach (var alias in readerField.Aliases ?? [])
        {
            if (writer.TryGetField(alias, out var byAlias))
            {
                return byAlias;
            }
        }

        return null;
    }

    private bool CheckName(NamedSchema reader, NamedSchema writer, string path, string field)
    {
        // The spec compares unqualified names; a reader alias may name the writer's full name after a rename.
        if (reader.Name == writer.Name || reader.Fullname == writer.Fullname || AliasesOf(reader).Contains(writer.Fullname))
        {
            return true;
        }

        Add("NAME_MISMATCH", path + "/name", field, $"the type is named {writer.Fullname} in the {roles.Writer} schema and {reader.Fullname} in the {roles.Reader} schema, with no alias between them");
        return false;
    }

    // Apache.Avro keeps a named type's aliases private (InAliases is internal); read them once per type. Pinned to 1.12.2,
    // and the alias tests fail loudly if an upgrade renames the field.
    private static readonly System.Reflection.FieldInfo AliasesField =
        typeof(NamedSchema).GetField("aliases", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("Apache.Avro's NamedSchema no longer has an 'aliases' field");

    private static IEnumerable<string> AliasesOf(NamedSchema schema) =>
        (AliasesField.GetValue(schema) as IEnumerable<SchemaName>)?.Select(a => a.Fullname) ?? [];

    private bool ReadableByUnion(UnionSchema reader, Schema writer) => reader.Schemas.Any(branch => Problems(branch, writer).Count == 0);

    private IReadOnlyList<Incompatibility> Problems(Schema reader, Schema writer) => new AvroCompatibility(roles, _inProgress).Check(reader, writer);

    /// <summary>Writer-to-reader promotions the spec allows.</summary>
    private static bool Promotes(Schema.Type writer, Schema.Type reader) => (writer, reader) switch
    {
        (Schema.Type.Int, Schema.Type.Long or Schema.Type.Float or Schema.Type.Double) => true,
        (Schema.Type.Long, Schema.Type.Float or Schema.Type.Double) => true,
        (Schema.Type.Float, Schema.Type.Double) => true,
        (Schema.Type.String, Schema.Type.Bytes) or (Schema.Type.Bytes, Schema.Type.String) => true,
        _ => false,
    };

    /// <summary>Logical types resolve as their underlying type.</summary>
    private static Schema Unwrap(Schema schema) => schema is LogicalSchema logical ? logical.BaseSchema : schema;

    private static string Describe(Schema schema) => Unwrap(schema) switch
    {
        NamedSchema named => $"{named.Tag.ToString().ToLowerInvariant()} {named.Fullname}",
        var other => other.Tag.ToString().ToLowerInvariant(),
    };

    private void Add(string type, string path, string field, string what)
    {
        var at = path.Length == 0 ? "/" : path;
        var where = field.Length == 0 ? $"at path '{at}'" : $"at field '{field}' (path '{at}')";
        _found.Add(new Incompatibility(type, at, $"{where}: {what}", field));
    }

    private sealed class ReferencePairComparer : IEqualityComparer<(Schema, Schema)>
    {
        public static readonly ReferencePairComparer Instance = new();

        public bool Equals((Schema, Schema) x, (Schema, Schema) y) => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((Schema, Schema) pair) => HashCode.Combine(
            System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(pair.Item1),
            System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(pair.Item2));
    }
}
