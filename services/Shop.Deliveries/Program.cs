var app = await Shop.Deliveries.DeliveriesApp.Build(args);
await app.RunAsync();
