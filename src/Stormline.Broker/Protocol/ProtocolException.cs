namespace Stormline.Broker.Protocol;

/// <summary>
/// A frame that cannot be decoded, or a response it asks for that cannot be encoded (a string past an int16 length).
/// The connection that sent it is closed; nothing else is affected.
/// Protocol-level errors that Kafka answers in a response are never thrown: they are <see cref="ErrorCode"/> values.
/// </summary>
public sealed class ProtocolException(string message) : Exception(message);
