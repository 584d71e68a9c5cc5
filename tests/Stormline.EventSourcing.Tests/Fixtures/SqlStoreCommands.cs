using System.Data.Common;

namespace Stormline.EventSourcing.Tests.Fixtures;

/// <summary>Plain SQL on a store transaction, for test read models and effects.</summary>
public static class SqlStoreCommands
{
    public static DbCommand Create(DbTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static async Task Execute(DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Create(transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
