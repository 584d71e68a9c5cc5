using System.Globalization;
using Stormline.Model.Diagnostics;
using Stormline.Model.Elements;

namespace Stormline.Model.Parsing;

/// <summary>
/// Reads a <c>*.storm.yaml</c> board (format: docs/model.md) into an <see cref="EventModel"/>. It keeps going after a
/// problem so that one run reports all of them, each with file, line and column. Meaning (references, naming) is
/// checked later by <see cref="Checking.ModelChecker"/>; this class only checks shape.
/// </summary>
public sealed partial class ModelParser
{
    private readonly string _file;
    private readonly List<Diagnostic> _diagnostics = [];

    private ModelParser(string file) => _file = file;

    public static ModelParseResult ParseFile(string path)
    {
        var text = File.ReadAllText(path);
        return Parse(text, path);
    }

    public static ModelParseResult Parse(string text, string file)
    {
        var parser = new ModelParser(file);
        var root = YamlTreeReader.Read(text, file, parser._diagnostics);
        if (root is null)
        {
            if (parser._diagnostics.Count == 0)
            {
                parser.Error("empty-model", "the file is empty; start with 'system: <name>' and 'contexts:' (see docs/model.md)", new SourceLocation(file, 1, 1));
            }

            return new ModelParseResult(null, parser._diagnostics);
        }

        var model = parser.ReadModel(root);
        return new ModelParseResult(model, parser._diagnostics);
    }

    private EventModel? ReadModel(YamlNode root)
    {
        if (Expect<YamlMapping>(root, "the model") is not { } map)
        {
            return null;
        }

        AllowKeys(map, "the model", "system", "label", "vocabulary", "actors", "contexts");
        var name = RequiredString(map, "system", "the model") ?? "unnamed";
        var actors = Entries(map["actors"], "actors")
            .Select(e => { var body = Body(e.Value, $"actor {e.Key.Value}", "label"); return new Actor(e.Key.Value, Label(body), e.Key.Location); })
            .ToList();
        var contexts = Entries(map["contexts"], "contexts").Select(e => ReadContext(e.Key, e.Value)).ToList();
        if (map["contexts"] is null)
        {
            Error("missing-key", "the model has no 'contexts'; add at least one bounded context, e.g. 'contexts: { order: { ... } }'", map.Location);
        }

        return new EventModel(name, Label(map), map.Location, actors, contexts, ReadVocabulary(map["vocabulary"]));
    }

    private Vocabulary ReadVocabulary(YamlNode? node)
    {
        if (node is null || Expect<YamlMapping>(node, "vocabulary") is not { } map)
        {
            return Vocabulary.Empty;
        }

        AllowKeys(map, "vocabulary", "pastTense", "imperative");
        return new Vocabulary(
            Names(map["pastTense"], "vocabulary.pastTense").Select(n => n.Name).ToList(),
            Names(map["imperative"], "vocabulary.imperative").Select(n => n.Name).ToList());
    }

    private BoundedContext ReadContext(YamlScalar key, YamlNode? node)
    {
        var what = $"context {key.Value}";
        var map = Body(node, what, "label", "topic", "aggregates", "events", "types", "policies", "readModels", "externalSystems", "hotspots");
        var context = key.Value;
        var types = Entries(map?["types"], $"{what} types");
        return new BoundedContext(
            context,
            Label(map),
            key.Location,
            Entries(map?["aggregates"], $"{what} aggregates").Select(e => ReadAggregate(context, e.Key, e.Value)).ToList(),
            Entries(map?["events"], $"{what} events")
                .Select(e => ReadEvent(context, e.Key, e.Value))
                .ToList(),
            types.Where(e => (e.Value as YamlMapping)?["enum"] is null)
                .Select(e => { var body = Body(e.Value, $"type {e.Key.Value}", "label", "fields"); return new ValueObject(e.Key.Value, Label(body), e.Key.Location, context, Fields(body?["fields"], $"type {e.Key.Value}")); })
                .ToList(),
            types.Where(e => (e.Value as YamlMapping)?["enum"] is not null)
                .Select(e => { var body = Body(e.Value, $"enum {e.Key.Value}", "label", "enum"); return new EnumType(e.Key.Value, Label(body), e.Key.Location, context, Names(body?["enum"], $"enum {e.Key.Value}")); })
                .ToList(),
            Items(map?["policies"], $"{what} policies").Select(n => ReadPolicy(context, n)).OfType<Policy>().ToList(),
            Entries(map?["readModels"], $"{what} readModels")
                .Select(e => { var body = Body(e.Value, $"read model {e.Key.Value}", "label", "from"); return new ReadModel(e.Key.Value, Label(body), e.Key.Location, context, Names(body?["from"], $"read model {e.Key.Value} from")); })
                .ToList(),
            Entries(map?["externalSystems"], $"{what} externalSystems")
                .Select(e => { var body = Body(e.Value, $"external system {e.Key.Value}", "label", "emits"); return new ExternalSystem(e.Key.Value, Label(body), e.Key.Location, context, Names(body?["emits"], $"external system {e.Key.Value} emits")); })
                .ToList(),
            Items(map?["hotspots"], $"{what} hotspots").Select(n => ReadHotspot(context, n)).OfType<Hotspot>().ToList(),
            ReadTopicHints(map?["topic"], what));
    }

    private DomainEvent ReadEvent(string context, YamlScalar key, YamlNode? node)
    {
        var what = $"event {key.Value}";
        var body = Body(node, what, "label", "fields", "subject");
        var subject = body?["subject"] is { } subjectNode ? NameOf(subjectNode, $"{what} subject") : null;
        return new DomainEvent(key.Value, Label(body), key.Location, context, Fields(body?["fields"], what)) { Subject = subject };
    }

    private Aggregate ReadAggregate(string context, YamlScalar key, YamlNode? node)
    {
        var what = $"aggregate {key.Value}";
        var map = Body(node, what, "label", "id", "commands");
        var id = map?["id"] is { } idNode ? NameOf(idNode, $"{what} id") : null;
        if (map is not null && id is null && map["id"] is null)
        {
            Error("missing-id", $"aggregate {key.Value} has no 'id'; name the field that identifies it, e.g. 'id: {Camel(key.Value)}Id' (it becomes the Kafka key)", key.Location);
        }

        var commands = Entries(map?["commands"], $"{what} commands").Select(e =>
        {
            var body = Body(e.Value, $"command {e.Key.Value}", "label", "actor", "emits", "calls");
            var actor = body?["actor"] is { } actorNode ? NameOf(actorNode, $"command {e.Key.Value} actor") : null;
            return new Command(e.Key.Value, Label(body), e.Key.Location, context, key.Value, actor,
                Names(body?["emits"], $"command {e.Key.Value} emits"), Names(body?["calls"], $"command {e.Key.Value} calls"));
        }).ToList();
        return new Aggregate(key.Value, Label(map), key.Location, context, id, commands);
    }

    private Policy? ReadPolicy(string context, YamlNode node)
    {
        if (Expect<YamlMapping>(node, "a policy") is not { } map)
        {
            return null;
        }

        AllowKeys(map, "a policy", "name", "label", "when", "then");
        var when = map["when"] is { } w ? NameOf(w, "policy 'when'") : null;
        var then = map["then"] is { } t ? NameOf(t, "policy 'then'") : null;
        if (when is null || then is null)
        {
            Error("missing-key", "a policy needs 'when: <EventName>' and 'then: <CommandName>'", map.Location);
            return null;
        }

        var name = StringOf(map["name"]) ?? $"When{when.Name}Then{then.Name}";
        return new Policy(name, Label(map), map.Location, context, when, then);
    }

    private Hotspot? ReadHotspot(string context, YamlNode node)
    {
        if (node is YamlScalar { IsNull: false } text)
        {
            return new Hotspot(text.Value, null, text.Location, context, null);
        }

        if (Expect<YamlMapping>(node, "a hotspot") is not { } map)
        {
            return null;
        }

        AllowKeys(map, "a hotspot", "text", "label", "about");
        var question = RequiredString(map, "text", "a hotspot");
        var about = map["about"] is { } a ? NameOf(a, "hotspot 'about'") : null;
        return question is null ? null : new Hotspot(question, Label(map), map.Location, context, about);
    }

    private TopicHints? ReadTopicHints(YamlNode? node, string what)
    {
        if (node is null || Expect<YamlMapping>(node, $"{what} topic") is not { } map)
        {
            return null;
        }

        AllowKeys(map, $"{what} topic", "eventsPerSecond", "retention", "partitions", "cleanupPolicy");
        double? rate = null;
        if (map["eventsPerSecond"] is { } rateNode)
        {
            rate = double.TryParse(StringOf(rateNode), NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r >= 0
                ? r
                : Invalid<double?>(rateNode, "eventsPerSecond must be a number ≥ 0, e.g. 'eventsPerSecond: 50'");
        }

        int? partitions = null;
        if (map["partitions"] is { } partitionsNode)
        {
            partitions = int.TryParse(StringOf(partitionsNode), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0
                ? p
                : Invalid<int?>(partitionsNode, "partitions must be a whole number ≥ 1");
        }

        long? retention = null;
        if (map["retention"] is { } retentionNode)
        {
            retention = RetentionParser.TryParse(StringOf(retentionNode), out var ms)
                ? ms
                : Invalid<long?>(retentionNode, "retention must be a duration such as 7d, 12h, 30m, 90s, 500ms, or 'forever'");
        }

        var cleanup = StringOf(map["cleanupPolicy"]);
        if (cleanup is not (null or "delete" or "compact" or "compact,delete" or "delete,compact"))
        {
            Error("bad-value", $"cleanupPolicy '{cleanup}' is not one of: delete, compact, compact,delete", map["cleanupPolicy"]!.Location);
            cleanup = null;
        }

        return new TopicHints(rate, retention, partitions, cleanup, map.Location);
    }

    private IReadOnlyList<Field> Fields(YamlNode? node, string owner) =>
        Entries(node, $"{owner} fields").Select(e =>
        {
            switch (e.Value)
            {
                case YamlScalar { IsNull: false } type:
                    return new Field(e.Key.Value, null, e.Key.Location, TypeRef.Parse(type.Value, type.Location));
                case YamlMapping map:
                    AllowKeys(map, $"field {e.Key.Value}", "type", "label", "pii");
                    var typeNode = map["type"];
                    var text = StringOf(typeNode);
                    if (text is null)
                    {
                        Error("missing-type", $"field {e.Key.Value} of {owner} has no type; write e.g. '{e.Key.Value}: string'", e.Key.Location);
                    }

                    return new Field(e.Key.Value, Label(map), e.Key.Location, TypeRef.Parse(text ?? "", typeNode?.Location ?? e.Key.Location)) { Pii = ReadPii(map["pii"], e.Key.Value) };
                default:
                    Error("missing-type", $"field {e.Key.Value} of {owner} has no type; write e.g. '{e.Key.Value}: string'", e.Key.Location);
                    return new Field(e.Key.Value, null, e.Key.Location, TypeRef.Parse("", e.Key.Location));
            }
        }).ToList();

    /// <summary><c>pii: true</c>, <c>pii: false</c>, or a classification such as <c>pii: contact</c>.</summary>
    private PersonalDataMark? ReadPii(YamlNode? node, string field)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlScalar { IsNull: false } scalar when scalar.Value is "false":
                return null;
            case YamlScalar { IsNull: false } scalar when scalar.Value is "true":
                return new PersonalDataMark(null, scalar.Location);
            case YamlScalar { IsNull: false } scalar when PiiClassification().IsMatch(scalar.Value):
                return new PersonalDataMark(scalar.Value, scalar.Location);
            default:
                Error("bad-value", $"pii of field {field} should be true, false or a classification word (letters, digits, '-' or '_'), e.g. 'pii: contact'", node.Location);
                return null;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
    private static partial System.Text.RegularExpressions.Regex PiiClassification();

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
