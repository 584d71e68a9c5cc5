using Stormline.Registry.Schemas;

namespace Stormline.Registry.Checks;

/// <summary>
/// The semantic diff of two versions of a schema: field-level changes, each with the levels it breaks and why. The
/// breaks are the registry's own compatibility check run both ways (new reads old = BACKWARD, old reads new =
/// FORWARD), filed under the change at their field, so the diff and the check never disagree: whatever the check finds
/// that no field change explains is shown as a <c>changed</c> entry of its own.
/// </summary>
public static class SchemaChanges
{
    public const string Backward = "BACKWARD";
    public const string Forward = "FORWARD";

    /// <summary>The changes from <paramref name="before"/> to <paramref name="after"/>, both of <paramref name="schemaType"/> (AVRO or JSON).</summary>
    /// <exception cref="ArgumentException">A text is not a schema of that type (the message says why).</exception>
    public static IReadOnlyList<FieldChange> Between(string schemaType, string before, string after)
    {
        SchemaFormat format = schemaType.ToUpperInvariant() switch
        {
            SchemaTypes.Avro => new AvroFormat(),
            SchemaTypes.Json => new JsonSchemaFormat(),
            _ => throw new ArgumentException($"schema type {schemaType} is not AVRO or JSON", nameof(schemaType)),
        };
        ParsedSchema old, current;
        try
        {
            old = format.Parse(before, [], normalize: false);
            current = format.Parse(after, [], normalize: false);
        }
        catch (InvalidSchemaException ex)
        {
            throw new ArgumentException(ex.Message, ex);
        }

        var breaks = format.CheckReadable(current, old, ReadRoles.NewReadsOld).Select(i => (Level: Backward, Issue: i))
            .Concat(format.CheckReadable(old, current, ReadRoles.OldReadsNew).Select(i => (Level: Forward, Issue: i)))
            .ToList();
        var changes = FieldChanges(Fields(old), Fields(current));
        var filed = changes.Select(_ => new List<LevelBreak>()).ToList();
        var unexplained = new List<(string Level, Incompatibility Issue)>();
        foreach (var (level, issue) in breaks)
        {
            var owner = Owner(changes, issue.Field);
            (owner < 0 ? null : filed[owner])?.Add(new LevelBreak(level, issue.ErrorType, issue.Description));
            if (owner < 0)
            {
                unexplained.Add((level, issue));
            }
        }

        var result = changes.Select((c, i) => c with { Breaks = filed[i] }).ToList();
        result.AddRange(unexplained.GroupBy(u => u.Issue.Field).Select(g =>
            new FieldChange("changed", g.Key, null, null, [.. g.Select(u => new LevelBreak(u.Level, u.Issue.ErrorType, u.Issue.Description))])));
        return result;
    }

    private static List<KeyValuePair<string, FieldShape>> Fields(ParsedSchema schema) => schema.Model switch
    {
        Avro.Schema avro => AvroFields.Of(avro),
        JsonSchemaDocument json => JsonSchemaFields.Of(json.Root),
        _ => [],
    };

    private static List<FieldChange> FieldChanges(List<KeyValuePair<string, FieldShape>> before, List<KeyValuePair<string, FieldShape>> after)
    {
        var old = before.ToDictionary(f => f.Key, f => f.Value);
        var current = after.ToDictionary(f => f.Key, f => f.Value);
        var renamedFrom = new Dictionary<string, string>();
        foreach (var (path, shape) in after.Where(f => !old.ContainsKey(f.Key)))
        {
            var parent = path.Contains('.') ? path[..(path.LastIndexOf('.') + 1)] : "";
            if (shape.Aliases.Select(a => parent + a).FirstOrDefault(a => old.ContainsKey(a) && !current.ContainsKey(a)) is { } from)
            {
                renamedFrom[path] = from;
            }
        }

        var changes = new List<FieldChange>();
        foreach (var (path, shape) in before.Where(f => !current.ContainsKey(f.Key) && !renamedFrom.ContainsValue(f.Key)))
        {
            changes.Add(new FieldChange("removed", path, shape.ToString(), null, []));
        }

        foreach (var (path, shape) in after)
        {
            if (renamedFrom.TryGetValue(path, out var from))
            {
                changes.Add(new FieldChange("renamed", path, $"{from}: {old[from]}", $"{path}: {shape}", []));
            }
            else if (!old.TryGetValue(path, out var was))
            {
                changes.Add(new FieldChange("added", path, null, shape.ToString(), []));
            }
            else if (was.Type != shape.Type)
            {
                changes.Add(new FieldChange("type-changed", path, was.ToString(), shape.ToString(), []));
            }
            else if (was.Default != shape.Default)
            {
                changes.Add(new FieldChange("default-changed", path, was.ToString(), shape.ToString(), []));
            }
        }

        return changes;
    }

    /// <summary>The change an incompatibility at <paramref name="field"/> belongs to: the one at that field, else at its nearest changed ancestor.</summary>
    private static int Owner(List<FieldChange> changes, string field)
    {
        for (var at = field; ; at = Parent(at))
        {
            var index = changes.FindIndex(c => c.Path == at || (c.Kind == "renamed" && c.Before?.StartsWith(at + ":", StringComparison.Ordinal) == true));
            if (index >= 0 || at.Length == 0)
            {
                return index;
            }
        }
    }

    private static string Parent(string field)
    {
        var cut = Math.Max(field.LastIndexOf('.'), Math.Max(field.LastIndexOf('['), field.LastIndexOf('{')));
        return cut <= 0 ? "" : field[..cut];
    }
}
