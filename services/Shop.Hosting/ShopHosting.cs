using Microsoft.AspNetCore.Builder;
using Shop.Contracts;
using Stormline.Hosting;
using Stormline.Hosting.Storage;

namespace Shop.Hosting;

/// <summary>What is shop-specific in hosting the three services: their event types and topics, and their CloudEvents sources.</summary>
public static class ShopHosting
{
    public static ServiceIdentity Service(string name, string title) => new(name, title, $"/shop/{name}");

    /// <summary><see cref="StormlineHosting.AddStormline"/> with the shop's contracts: every event type, each to its context's topic.</summary>
    public static Task<ServiceStore> AddShopDefaults(this WebApplicationBuilder builder, ServiceIdentity service) =>
        builder.AddStormline(service, ShopEvents.Registry(), ShopEvents.TopicOf);
}
