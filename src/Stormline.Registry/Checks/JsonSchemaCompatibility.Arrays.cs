using System.Text.Json.Nodes;

namespace Stormline.Registry.Checks;

internal sealed partial class JsonSchemaCompatibility
{
    /// <summary>
    /// An array schema as positions and a rest: <c>prefixItems</c> (2020-12) or an <c>items</c> array (draft 4-2019) give
    /// the positions, <c>items</c> (2020-12, beside prefixItems) or <c>additionalItems</c> the rest; a lone <c>items</c>
    /// schema is the rest with no positions. Each position is compared with what the other side has there, then the rests.
    /// </summary>
    private void CompareItems(JsonObject r, JsonObject w, string path)
    {
        var (readerTuple, readerRest, restKeyword) = Tuple(r);
        var (writerTuple, writerRest, _) = Tuple(w);
        if (readerTuple.Count == 0 && writerTuple.Count == 0)
        {
            if (r["items"] is { } readerItems)
            {
                Compare(readerItems, writerRest, path + "/items");
            }

            return;
        }

        var tupleKeyword = r["prefixItems"] is JsonArray || w["prefixItems"] is JsonArray ? "prefixItems" : "items";
        for (var i = 0; i < Math.Max(readerTuple.Count, writerTuple.Count); i++)
        {
            var at = $"{path}/{tupleKeyword}/{i}";
            if (i < readerTuple.Count && i < writerTuple.Count)
            {
                Compare(readerTuple[i], writerTuple[i], at);
            }
            else if (i < readerTuple.Count)
            {
                // A position the reader adds: the writer put whatever its rest allowed there.
                if (IsFalse(writerRest) || IsEmpty(readerTuple[i]))
                {
                    continue; // ITEM_ADDED_TO_CLOSED_CONTENT_MODEL, ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL
                }

                if (IsEmpty(writerRest))
                {
                    Add("ITEM_ADDED_TO_OPEN_CONTENT_MODEL", at, $"item {i} is new in the {roles.Reader} schema, but the {roles.Writer} schema's open array may already have written another type there");
                }
                else if (!Accepts(readerTuple[i], writerRest))
                {
                    Add("ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", at, $"item {i} of the {roles.Reader} schema does not accept what the {roles.Writer} schema's additional items allowed there");
                }
            }
            else if (!IsFalse(writerTuple[i]))
            {
                // A position the reader drops: its rest must take the writer's item.
                if (IsFalse(readerRest))
                {
                    Add("ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL", at, $"item {i} of the {roles.Writer} schema is refused by the {roles.Reader} schema, which allows no more items");
                }
                else if (!Accepts(readerRest, writerTuple[i]))
                {
                    Add("ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", at, $"item {i} of the {roles.Writer} schema is not accepted by the {roles.Reader} schema's additional items");
                }
            }
        }

        var restAt = $"{path}/{restKeyword}";
        if (IsFalse(readerRest) && !IsFalse(writerRest))
        {
            Add("ADDITIONAL_ITEMS_REMOVED", restAt, $"the {roles.Reader} schema allows no items beyond its tuple where the {roles.Writer} schema did");
        }
        else if (!IsEmpty(readerRest) && IsEmpty(writerRest))
        {
            Add("ADDITIONAL_ITEMS_NARROWED", restAt, $"the {roles.Reader} schema restricts the items beyond its tuple, which the {roles.Writer} schema left open");
        }
        else
        {
            Compare(readerRest, writerRest, restAt);
        }
    }

    private static (List<JsonNode?> Positions, JsonNode? Remaining, string RemainingKeyword) Tuple(JsonObject schema) => schema switch
    {
        _ when schema["prefixItems"] is JsonArray prefix => ([.. prefix], schema["items"] ?? JsonValue.Create(true), "items"),
        _ when schema["items"] is JsonArray items => ([.. items], schema["additionalItems"] ?? JsonValue.Create(true), "additionalItems"),
        _ => ([], schema["items"] ?? JsonValue.Create(true), "items"),
    };

    /// <summary>
    /// <c>contains</c> with <c>minContains</c> (default 1) and <c>maxContains</c>: the reader's demand for at least n
    /// matching items holds if the writer guaranteed as many items its reader accepts; an upper count must be one the
    /// writer already kept for items at least as wide.
    /// </summary>
    private void CompareContains(JsonObject r, JsonObject w, string path)
    {
        if (r["contains"] is not { } readerContains)
        {
            return;
        }

        var readerMin = Number(r["minContains"]) ?? 1;
        var writerMin = w["contains"] is null ? 0 : Number(w["minContains"]) ?? 1;
        if (readerMin > 0)
        {
            if (w["contains"] is not { } writerContains)
            {
                Add("SCHEMA_ADDED", path + "/contains", $"the {roles.Reader} schema requires items matching 'contains', which the {roles.Writer} schema never required");
            }
            else
            {
                Compare(readerContains, writerContains, path + "/contains");
                if (readerMin > writerMin)
                {
                    Add(w["minContains"] is null ? "MIN_CONTAINS_ADDED" : "MIN_CONTAINS_INCREASED", path + "/minContains", $"the {roles.Reader} schema requires {readerMin} matching items where the {roles.Writer} schema guaranteed {writerMin}");
                }
            }
        }

        if (Number(r["maxContains"]) is { } readerMax)
        {
            var writerMax = Number(w["maxContains"]);
            if (writerMax is null || w["contains"] is not { } writerContains || Trial(writerContains, readerContains, swapped: true).Count > 0)
            {
                Add("MAX_CONTAINS_ADDED", path + "/maxContains", $"the {roles.Reader} schema caps items matching 'contains' at {readerMax}, which the {roles.Writer} schema did not");
            }
            else if (writerMax > readerMax)
            {
                Add("MAX_CONTAINS_DECREASED", path + "/maxContains", $"maxContains changed from {writerMax} in the {roles.Writer} schema to {readerMax} in the {roles.Reader} schema");
            }
        }
    }
}
