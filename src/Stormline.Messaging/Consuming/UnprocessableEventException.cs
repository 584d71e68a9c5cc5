namespace Stormline.Messaging.Consuming;

/// <summary>
/// Thrown by a handler that knows the event can never succeed (it refers to something that cannot exist, it breaks a
/// rule no retry can fix): the consumer dead-letters it at once instead of retrying.
/// </summary>
public sealed class UnprocessableEventException(string message, Exception? innerException = null) : Exception(message, innerException);
