using Stormline.EventSourcing.Sql;

namespace Stormline.EventSourcing.Tests.Fixtures;

/// <summary>Gives each conformance test a fresh, empty, initialized store of one backend.</summary>
public interface IStoreFactory
{
    Task<SqlStore> CreateStore(CancellationToken cancellationToken);

    /// <summary>Releases what <see cref="CreateStore"/> made (files, pools).</summary>
    ValueTask DisposeStore(SqlStore store);
}
