using Stormline.EventSourcing.Tests.Fixtures;

namespace Stormline.EventSourcing.Tests.Conformance;

public sealed class PostgresEventStoreTests(PostgresCluster cluster) : EventStoreConformance(cluster);
