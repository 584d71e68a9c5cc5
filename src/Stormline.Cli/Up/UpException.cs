namespace Stormline.Cli.Up;

/// <summary>Why <c>up</c> could not bring the system up, worded for the user (what failed and what to do).</summary>
public sealed class UpException(string message) : Exception(message);
