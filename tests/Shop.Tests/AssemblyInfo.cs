[assembly: AssemblyFixture(typeof(Shop.Tests.Infrastructure.FullShop))]
