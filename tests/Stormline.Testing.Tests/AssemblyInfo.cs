[assembly: AssemblyFixture(typeof(Stormline.Testing.Tests.SharedKafka))]
