namespace Stormline.Registry.Checks;

/// <summary>
/// Why a change breaks a direction: <c>BACKWARD</c> (the new schema cannot read old data) or <c>FORWARD</c> (the old
/// schema cannot read new data), with the compatibility check's error type and message.
/// </summary>
public sealed record LevelBreak(string Level, string ErrorType, string Reason);
