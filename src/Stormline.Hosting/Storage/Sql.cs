using System.Data.Common;
using Stormline.EventSourcing.Sql;

namespace Stormline.Hosting.Storage;

/// <summary>Portable ADO.NET commands for the services' own tables (the same SQL runs on SQLite and PostgreSQL).</summary>
public static class Sql
{
    /// <summary><c>SqlStore.Command</c>, with a bare NULL typed as text, which PostgreSQL cannot infer in a filter like <c>@x IS NULL</c>.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text, params (string Name, object? Value)[] parameters)
    {
        var command = SqlStore.Command(connection, transaction, text, parameters);
        foreach (DbParameter parameter in command.Parameters)
            if (parameter.Value is DBNull) parameter.DbType = System.Data.DbType.String;
        return command;
    }

    public static DbCommand Command(DbTransaction transaction, string text, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return Command(transaction.Connection ?? throw new InvalidOperationException("The transaction has completed."), transaction, text, parameters);
    }

    public static async Task Execute(DbTransaction transaction, string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(transaction, text, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
