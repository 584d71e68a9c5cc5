namespace Stormline.Model.Generation;

/// <summary>One event's schema as the registry will see it: under which subject, of which type, with its data-contract <c>metadata</c> (personal-data tags) if any.</summary>
public sealed record EventSchema(string Event, string Topic, string Subject, string SchemaType, string Schema, System.Text.Json.Nodes.JsonObject? Metadata = null);
