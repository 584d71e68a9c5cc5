using System.Data.Common;

namespace Stormline.Hosting.Storage;

/// <summary>Portable ADO.NET commands for the services' own tables (the same SQL runs on SQLite and PostgreSQL).</summary>
public static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.CommandText = text;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null) parameter.DbType = System.Data.DbType.String; // PostgreSQL cannot infer the type of a bare NULL
            command.Parameters.Add(parameter);
        }
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
