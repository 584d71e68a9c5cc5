namespace Stormline.EventSourcing.Domain;

/// <summary>A decider refused a command for a business reason; nothing was appended.</summary>
public sealed class CommandRejectedException(string reason) : Exception(reason);
