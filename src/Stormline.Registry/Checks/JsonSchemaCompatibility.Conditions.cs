using System.Text.Json.Nodes;

namespace Stormline.Registry.Checks;

internal sealed partial class JsonSchemaCompatibility
{
    /// <summary>
    /// <c>dependencies</c> (draft 4-7) and <c>dependentRequired</c>/<c>dependentSchemas</c> (2019-09+): a reader may drop
    /// or shrink a dependency (DEPENDENCY_ARRAY_NARROWED/REMOVED, DEPENDENCY_SCHEMA_REMOVED) but not add or grow one.
    /// </summary>
    private void CompareDependencies(JsonObject reader, JsonObject writer, string path)
    {
        foreach (var keyword in new[] { "dependencies", "dependentRequired", "dependentSchemas" })
        {
            if (reader[keyword] is not JsonObject readerDependencies)
            {
                continue;
            }

            var writerDependencies = writer[keyword] as JsonObject ?? [];
            foreach (var (property, readerDependency) in readerDependencies)
            {
                var at = $"{path}/{keyword}/{property}";
                var writerDependency = writerDependencies[property];
                if (readerDependency is JsonArray readerNames)
                {
                    var added = Strings(readerNames).Except(Strings(writerDependency)).ToList();
                    if (added.Count > 0)
                    {
                        Add(writerDependency is null ? "DEPENDENCY_ARRAY_ADDED" : "DEPENDENCY_ARRAY_EXTENDED", at,
                            $"the {roles.Reader} schema makes '{property}' require [{string.Join(", ", added)}] as well");
                    }
                }
                else if (writerDependency is null)
                {
                    Add("DEPENDENCY_SCHEMA_ADDED", at, $"the {roles.Reader} schema adds a schema that applies when '{property}' is present");
                }
                else
                {
                    Compare(readerDependency, writerDependency, at);
                }
            }
        }
    }

    /// <summary><c>not</c>: the reader may exclude less than the writer did (NOT_TYPE_NARROWED), never more.</summary>
    private void CompareNot(JsonObject reader, JsonObject writer, string path)
    {
        if (reader["not"] is not { } readerNot)
        {
            return;
        }

        if (writer["not"] is not { } writerNot)
        {
            Add("NOT_TYPE_EXTENDED", path + "/not", $"the {roles.Reader} schema adds a 'not' the {roles.Writer} schema did not have");
            return;
        }

        // What the reader excludes must already have been excluded by the writer: the writer's 'not' must accept it all.
        if (Trial(writerNot, readerNot, swapped: true).Count > 0)
        {
            Add("NOT_TYPE_EXTENDED", path + "/not", $"the {roles.Reader} schema's 'not' excludes values the {roles.Writer} schema allowed");
        }
    }
}
