var app = await Shop.Payments.PaymentsApp.Build(args);
await app.RunAsync();
