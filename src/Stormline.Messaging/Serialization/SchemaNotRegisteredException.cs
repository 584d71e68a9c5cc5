namespace Stormline.Messaging.Serialization;

/// <summary>
/// An event's subject has no usable schema in the registry (none registered, or one of another type). Services never
/// register schemas themselves, so the relay holds the event, and the ones after it, until the schema is registered.
/// </summary>
public sealed class SchemaNotRegisteredException(string subject, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Subject { get; } = subject;
}
