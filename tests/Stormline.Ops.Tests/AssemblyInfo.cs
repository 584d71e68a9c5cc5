[assembly: AssemblyFixture(typeof(Stormline.Ops.Tests.SharedKafka))]
