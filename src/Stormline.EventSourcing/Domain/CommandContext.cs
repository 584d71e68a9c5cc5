namespace Stormline.EventSourcing.Domain;

/// <summary>
/// Where a command came from, copied into every event it produces: the flow's correlation id and the causing message's
/// id (e.g. an HTTP request id or the event a policy reacted to).
/// </summary>
public sealed record CommandContext(string? CorrelationId = null, string? CausationId = null)
{
    public static CommandContext None { get; } = new();
}
