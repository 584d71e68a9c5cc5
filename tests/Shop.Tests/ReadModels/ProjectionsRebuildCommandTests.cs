using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shop.Tests.Infrastructure;
using Stormline.Hosting.Storage;

namespace Shop.Tests.ReadModels;

/// <summary><c>stormline projections rebuild</c> against a running Orders service: it starts the rebuild, follows it to the swap, and keeps the exit-code contract.</summary>
public sealed class ProjectionsRebuildCommandTests
{
    [Fact]
    public async Task The_command_rebuilds_a_read_model_and_returns_once_the_new_version_is_live()
    {
        await using var system = await ShopSystem.Start(orders: false, payments: false, deliveries: false);
        await system.StartOrders("Stormline:RebuildBatchSize=20", "Stormline:RebuildPause=00:00:00.010");
        var orders = system.Orders!;
        await new RebuildScenario([orders]).Seed(200);

        var result = await StormlineCli.Run("projections", "rebuild", orders.Http.BaseAddress!.ToString(), "order_summaries");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Rebuilding order_summaries on http://127.0.0.1:", result.Out, StringComparison.Ordinal);
        Assert.Contains("version 2 replays the log beside live version 1", result.Out, StringComparison.Ordinal);
        Assert.Contains("order_summaries: version 2 is live at position", result.Out, StringComparison.Ordinal);
        var progress = (await orders.Http.GetFromJsonAsync<JsonObject>(RebuildScenario.Path, TestContext.Current.CancellationToken))!;
        Assert.Equal(2, (int)progress["activeVersion"]!);
        Assert.False(await RebuildScenario.TableExists(orders.Get<ServiceStore>(), "order_summaries"));
    }

    [Fact]
    public async Task Unknown_read_models_and_services_are_usage_errors_and_a_service_out_of_reach_is_3()
    {
        await using var system = await ShopSystem.Start(orders: false, payments: false, deliveries: false);
        await system.StartOrders();
        var url = system.Orders!.Http.BaseAddress!.ToString();

        var unknown = await StormlineCli.Run("projections", "rebuild", url, "nope");
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("There is no read model 'nope'; this service has: order_summaries.", unknown.Error, StringComparison.Ordinal);

        var service = await StormlineCli.Run("projections", "rebuild", "inventory", "order_summaries");
        Assert.True(service.ExitCode == 2, service.ToString());
        Assert.Contains("'inventory' is neither an http(s) URL nor one of orders, payments, deliveries", service.Error, StringComparison.Ordinal);

        var away = await StormlineCli.Run("projections", "rebuild", "http://127.0.0.1:1", "order_summaries");
        Assert.True(away.ExitCode == 3, away.ToString());

        var help = await StormlineCli.Run("projections", "rebuild", "--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("--no-follow", help.Out, StringComparison.Ordinal);
        Assert.Contains("read-model", help.Out, StringComparison.Ordinal);
    }
}
