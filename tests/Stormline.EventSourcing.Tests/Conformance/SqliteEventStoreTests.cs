using Stormline.EventSourcing.Tests.Fixtures;

namespace Stormline.EventSourcing.Tests.Conformance;

public sealed class SqliteEventStoreTests() : EventStoreConformance(new SqliteStoreFactory());
