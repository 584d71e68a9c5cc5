var app = await Shop.Orders.OrdersApp.Build(args);
await app.RunAsync();
