using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Contracts;
using Stormline.Hosting;

namespace Shop.Deliveries.Application;

/// <summary>An order's address and its user, kept in <c>delivery_requests</c> until the order is paid.</summary>
public sealed record AwaitedDelivery(string UserId, Address Address)
{
    /// <summary>
    /// Reads a stored row. Rows written before the user was kept hold the bare address: its order id stands in as the
    /// data subject, so the delivery still starts (and its address is still sealed, under that order's own key).
    /// </summary>
    public static AwaitedDelivery? Read(string json, string orderId)
    {
        var node = JsonNode.Parse(json) as JsonObject;
        if (node?["address"] is null)
            return node is null ? null : new AwaitedDelivery(orderId, node.Deserialize<Address>(HostingJson.Options)!);
        return node.Deserialize<AwaitedDelivery>(HostingJson.Options);
    }
}
