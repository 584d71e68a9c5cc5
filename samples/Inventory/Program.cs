var app = await Inventory.InventoryService.Build(args);
await app.RunAsync();
