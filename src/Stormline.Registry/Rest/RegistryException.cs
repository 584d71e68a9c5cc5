namespace Stormline.Registry.Rest;

/// <summary>
/// A request the registry answers with a Confluent error body. Thrown by <see cref="SchemaRegistry"/> and turned into the
/// response by <see cref="RegistryErrorFilter"/>, so each operation reads as its happy path.
/// </summary>
public sealed class RegistryException(int status, int errorCode, string message) : Exception(message)
{
    public int Status { get; } = status;

    public int ErrorCode { get; } = errorCode;
}
