using Confluent.SchemaRegistry;
using Stormline.Messaging.Serialization;

namespace Stormline.Hosting.Messaging;

/// <summary>
/// How the service's events look on the wire, from the "SchemaRegistry" section: without a registry, plain JSON; with
/// one, Confluent's wire format with the id of each event's registered schema (Avro or JSON Schema) and values decoded
/// by id. The service only looks schemas up, never registers them: <c>stormline schema register</c> (or
/// <c>stormline up</c>) does that, and an event whose schema is missing waits in the outbox until it is registered.
/// </summary>
public sealed class EventPayloads : IDisposable
{
    private readonly CachedSchemaRegistryClient? _registry;

    public EventPayloads(SchemaRegistryOptions options, EventSubjects subjects)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(subjects);
        if (!options.Enabled)
        {
            Encoder = JsonPayloadEncoder.Instance;
            Decoder = JsonPayloadDecoder.Instance;
            Description = "plain JSON (no SchemaRegistry:Url)";
            return;
        }

        var config = new SchemaRegistryConfig { Url = options.Url };
        if (!string.IsNullOrWhiteSpace(options.BasicAuthUserInfo))
        {
            config.BasicAuthCredentialsSource = AuthCredentialsSource.UserInfo;
            config.BasicAuthUserInfo = options.BasicAuthUserInfo;
        }

        _registry = new CachedSchemaRegistryClient(config);
        Encoder = options.Format == WireFormat.Json
            ? new RegistryJsonEncoder(_registry, subjects.SubjectOf)
            : new RegistryAvroEncoder(_registry, subjects.SubjectOf);
        Decoder = new RegistryPayloadDecoder(_registry);
        Description = $"{(options.Format == WireFormat.Json ? "JSON Schema" : "Avro")} in Confluent's wire format, schemas from {options.Url}";
    }

    public IPayloadEncoder Encoder { get; }

    public IPayloadDecoder Decoder { get; }

    /// <summary>One line for the start-up banner.</summary>
    public string Description { get; }

    public void Dispose() => _registry?.Dispose();
}
