namespace Stormline.Cli.Schemas;

/// <summary>The registry answered a call with an error (Confluent's <c>error_code</c> and message).</summary>
public sealed class RegistryCallException(int status, int errorCode, string message) : Exception(message)
{
    public int Status { get; } = status;

    public int ErrorCode { get; } = errorCode;
}
