using Stormline.Model.Elements;

namespace Stormline.Model.Checking;

/// <summary>Every name used in a reference must be declared: events, commands, actors, external systems, types.</summary>
public sealed partial class ModelChecker
{
    private void CheckReferences()
    {
        var events = _model.Events.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var commands = _model.Commands.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var actors = _model.Actors.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var externals = _model.ExternalSystems.Select(x => x.Name).ToHashSet(StringComparer.Ordinal);

        foreach (var command in _model.Commands)
        {
            foreach (var emitted in command.Emits.Where(e => !events.Contains(e.Name)))
            {
                Error("unknown-event", $"command {command.Name} emits {emitted.Name}, which is not declared; add it under 'events:' of context {command.Context}{Suggest(emitted.Name, events)}", emitted.Location);
            }

            foreach (var emitted in command.Emits.Where(e => events.Contains(e.Name)))
            {
                var declared = _model.FindEvent(emitted.Name)!;
                if (declared.Context != command.Context)
                {
                    Error("foreign-event", $"command {command.Name} (context {command.Context}) emits {emitted.Name}, which belongs to context {declared.Context}; "
                        + $"a context publishes only its own events on {command.Context}-events: move the event, or react to it with a policy", emitted.Location);
                }
            }

            if (command.Actor is { } actor && !actors.Contains(actor.Name))
            {
                Error("unknown-actor", $"command {command.Name} is sent by actor {actor.Name}, which is not declared; add it under 'actors:'{Suggest(actor.Name, actors)}", actor.Location);
            }

            foreach (var called in command.Calls.Where(c => !externals.Contains(c.Name)))
            {
                Error("unknown-external-system", $"command {command.Name} calls {called.Name}, which is not declared; add it under 'externalSystems:'{Suggest(called.Name, externals)}", called.Location);
            }

            if (command.Emits.Count == 0)
            {
                Warning("no-events", $"command {command.Name} emits no event; list what it causes in 'emits:'", command.Location);
            }
        }

        foreach (var policy in _model.Policies)
        {
            if (!events.Contains(policy.When.Name))
            {
                Error("unknown-event", $"policy {policy.Name} reacts to {policy.When.Name}, which is not declared{Suggest(policy.When.Name, events)}", policy.When.Location);
            }

            if (!commands.Contains(policy.Then.Name))
            {
                Error("unknown-command", $"policy {policy.Name} sends {policy.Then.Name}, which is not declared; add it under an aggregate's 'commands:'{Suggest(policy.Then.Name, commands)}", policy.Then.Location);
            }
        }

        foreach (var readModel in _model.ReadModels)
        {
            foreach (var source in readModel.From.Where(e => !events.Contains(e.Name)))
            {
                Error("unknown-event", $"read model {readModel.Name} is fed by {source.Name}, which is not declared{Suggest(source.Name, events)}", source.Location);
            }
        }

        foreach (var external in _model.ExternalSystems)
        {
            foreach (var emitted in external.Emits.Where(e => !events.Contains(e.Name)))
            {
                Error("unknown-event", $"external system {external.Name} emits {emitted.Name}, which is not declared{Suggest(emitted.Name, events)}", emitted.Location);
            }
        }

        var everything = events.Concat(commands).Concat(actors).Concat(externals)
            .Concat(_model.Aggregates.Select(a => a.Name)).Concat(_model.ReadModels.Select(r => r.Name)).Concat(_model.Policies.Select(p => p.Name))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var hotspot in _model.Hotspots.Where(h => h.About is { } about && !everything.Contains(about.Name)))
        {
            Error("unknown-element", $"hotspot is about {hotspot.About!.Name}, which is not declared{Suggest(hotspot.About.Name, everything)}", hotspot.About.Location);
        }
    }

    private void CheckFieldTypes()
    {
        foreach (var enumType in _model.Enums.Where(e => e.Symbols.Count == 0))
        {
            Error("empty-enum", $"enum {enumType.Name} has no symbols; list them, e.g. 'enum: [Pending, Done]'", enumType.Location);
        }

        var declared = _model.ValueObjects.Select(v => v.Name).Concat(_model.Enums.Select(e => e.Name)).ToHashSet(StringComparer.Ordinal);
        var fields = _model.Events.SelectMany(e => e.Fields.Select(f => (Owner: $"event {e.Name}", Field: f)))
            .Concat(_model.ValueObjects.SelectMany(v => v.Fields.Select(f => (Owner: $"type {v.Name}", Field: f))));
        foreach (var (owner, field) in fields)
        {
            var type = field.Type;
            if (type.Element.Length == 0 || PrimitiveType.IsPrimitive(type.Element) || declared.Contains(type.Element))
            {
                continue;
            }

            Error("unknown-type", $"field {field.Name} of {owner} has type '{type.Text}', but '{type.Element}' is neither a built-in type "
                + $"({string.Join(", ", PrimitiveType.All)}) nor a declared type{Suggest(type.Element, [.. PrimitiveType.All, .. declared])}; declare it under a context's 'types:'", type.Location);
        }
    }

    /// <summary>"; did you mean X?" for a near miss (edit distance ≤ 2, or a case-only difference).</summary>
    private static string Suggest(string name, IEnumerable<string> known)
    {
        var best = known
            .Select(k => (Name: k, Distance: EditDistance(name.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(k => k.Distance <= 2)
            .OrderBy(k => k.Distance)
            .FirstOrDefault();
        return best.Name is null ? "" : $" (did you mean {best.Name}?)";
    }

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
