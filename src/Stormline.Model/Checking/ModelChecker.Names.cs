using System.Text.RegularExpressions;
using Stormline.Model.Elements;

namespace Stormline.Model.Checking;

/// <summary>Duplicates, identifier shapes and the tense of event and command names.</summary>
public sealed partial class ModelChecker
{
    private void CheckDuplicates()
    {
        Duplicates("context", _model.Contexts);
        Duplicates("actor", _model.Actors);
        Duplicates("command", _model.Commands);
        Duplicates("read model", _model.ReadModels);
        Duplicates("external system", _model.ExternalSystems);
        Duplicates("policy", _model.Policies);

        // Events and types become C# records, schemas and registry subjects by bare name, so they share one namespace.
        Duplicates("event or type", [.. _model.Events, .. _model.ValueObjects, .. _model.Enums]);

        foreach (var group in _model.Aggregates.GroupBy(a => a.Name).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var other in group.Skip(1))
            {
                if (other.Context == first.Context)
                {
                    Error("duplicate-name", $"aggregate {other.Name} is declared twice in context {other.Context}; the first is at {first.Location}", other.Location);
                }
                else
                {
                    Error("aggregate-in-two-contexts", $"aggregate {other.Name} is in contexts {first.Context} (at {first.Location}) and {other.Context}; "
                        + "an aggregate belongs to exactly one bounded context: keep one, and let the other context react to its events", other.Location);
                }
            }
        }

        foreach (var type in _model.ValueObjects)
        {
            Duplicates($"field of {type.Name}", type.Fields);
        }

        foreach (var domainEvent in _model.Events)
        {
            Duplicates($"field of {domainEvent.Name}", domainEvent.Fields);
        }
    }

    private void Duplicates(string kind, IEnumerable<ModelElement> elements)
    {
        foreach (var group in elements.GroupBy(e => e.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var other in group.Skip(1))
            {
                Error("duplicate-name", $"{kind} {other.Name} is declared twice; the first is at {first.Location}", other.Location);
            }
        }
    }

    private void CheckNames()
    {
        foreach (var context in _model.Contexts.Where(c => !ContextName().IsMatch(c.Name)))
        {
            Error("bad-name", $"context '{context.Name}' should be lower-case letters, digits and '-' (it names the topic {context.Name}-events), e.g. 'order'", context.Location);
        }

        IEnumerable<(string Kind, ModelElement Element)> pascal =
        [
            .. _model.Actors.Select(a => ("actor", (ModelElement)a)),
            .. _model.Aggregates.Select(a => ("aggregate", (ModelElement)a)),
            .. _model.Commands.Select(c => ("command", (ModelElement)c)),
            .. _model.Events.Select(e => ("event", (ModelElement)e)),
            .. _model.ValueObjects.Select(v => ("type", (ModelElement)v)),
            .. _model.Enums.Select(e => ("enum", (ModelElement)e)),
            .. _model.ReadModels.Select(r => ("read model", (ModelElement)r)),
            .. _model.ExternalSystems.Select(x => ("external system", (ModelElement)x)),
        ];
        foreach (var (kind, element) in pascal.Where(p => !PascalName().IsMatch(p.Element.Name)))
        {
            Error("bad-name", $"{kind} '{element.Name}' should be a PascalCase identifier (letters and digits, first letter upper-case); put other text in 'label'", element.Location);
        }

        foreach (var symbol in _model.Enums.SelectMany(e => e.Symbols).Where(s => !PascalName().IsMatch(s.Name)))
        {
            Error("bad-name", $"enum symbol '{symbol.Name}' should be a PascalCase identifier", symbol.Location);
        }

        foreach (var field in _model.Events.SelectMany(e => e.Fields).Concat(_model.ValueObjects.SelectMany(v => v.Fields)).Where(f => !FieldName().IsMatch(f.Name)))
        {
            Error("bad-name", $"field '{field.Name}' should be a camelCase identifier (letters and digits, first letter lower-case)", field.Location);
        }

        foreach (var domainEvent in _model.Events)
        {
            if (NamingRules.EventProblem(domainEvent.Name, _model.Vocabulary) is { } problem)
            {
                Error("event-tense", problem, domainEvent.Location);
            }
        }

        foreach (var command in _model.Commands)
        {
            if (NamingRules.CommandProblem(command.Name, _model.Vocabulary) is { } problem)
            {
                Error("command-mood", problem, command.Location);
            }
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex ContextName();

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex PascalName();

    [GeneratedRegex("^[a-z][A-Za-z0-9]*$")]
    private static partial Regex FieldName();
}
