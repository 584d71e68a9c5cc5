namespace Stormline.EventSourcing.Tests.Sample;

/// <summary>Commands of the sample Order aggregate. Time travels in the command so the decider stays pure.</summary>
public abstract record OrderCommand(string OrderId);
