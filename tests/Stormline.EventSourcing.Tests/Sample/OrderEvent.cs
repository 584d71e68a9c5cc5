namespace Stormline.EventSourcing.Tests.Sample;

/// <summary>Events of the sample Order aggregate: past tense, immutable, each carrying the order id.</summary>
public abstract record OrderEvent(string OrderId);
