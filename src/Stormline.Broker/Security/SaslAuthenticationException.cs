namespace Stormline.Broker.Security;

/// <summary>A SASL exchange that failed; the message goes to the client with SASL_AUTHENTICATION_FAILED, so it names no secret.</summary>
internal sealed class SaslAuthenticationException(string message) : Exception(message);
