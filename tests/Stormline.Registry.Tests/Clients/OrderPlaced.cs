namespace Stormline.Registry.Tests.Clients;

/// <summary>An event serialised by Confluent's JSON serdes in the client tests.</summary>
public sealed class OrderPlaced
{
    public string OrderId { get; set; } = "";

    public decimal Total { get; set; }
}
