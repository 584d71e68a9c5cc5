namespace Stormline.Cli.Up;

/// <summary>The table <c>up</c> prints once everything is ready: every address a user or a client needs.</summary>
public static class UrlTable
{
    public static IReadOnlyList<(string Part, string Address, string Note)> Rows(ShopSystem system, string dataDirectory)
    {
        var rows = new List<(string, string, string)>
        {
            ("Kafka broker", system.BootstrapServers, system.Secure is null ? "bootstrap.servers" : "bootstrap.servers, SASL_SSL only"),
        };
        if (system.Secure is { } secure)
        {
            rows.Add(("Credentials", secure.Folder, "admin.properties (PLAIN, super user) and one SCRAM-SHA-512 <service>.properties per service, each with its registry basic.auth.user.info; ca.pem signs the broker"));
            rows.Add(("", secure.OperatorTokenPath, "console operator token (Authorization: Bearer); console-viewer.token reads only"));
        }

        if (system.RegistryUrl is { } registry)
        {
            rows.Add(("Schema registry", registry, $"Confluent REST API; every event in {(system.SchemaFormat == Stormline.Model.Generation.SchemaFormat.Avro ? "Avro" : "JSON Schema")}, the model's schemas registered"));
        }

        foreach (var service in system.Services)
        {
            rows.Add((service.Name, service.Url, $"pid {system.Process(service.Name).Id}, /health/ready"));
            rows.Add(("", $"{service.Url}/openapi/v1.json", "OpenAPI document"));
        }

        rows.Add(("Console", system.ConsoleUrl ?? "-", system.ConsoleUrl is null ? "not started (--no-console)" : "web console: topics, groups, schemas, the board, order journeys"));
        rows.Add(("Data", dataDirectory, "survives a restart"));
        return rows;
    }

    /// <summary>The table as one block of text, so child output cannot land between its lines.</summary>
    public static string Format(IReadOnlyList<(string Part, string Address, string Note)> rows)
    {
        var writer = new StringWriter();
        var part = rows.Max(r => r.Part.Length);
        var address = rows.Max(r => r.Address.Length);
        var rule = new string('-', part + address + rows.Max(r => r.Note.Length) + 6);
        writer.WriteLine(rule);
        foreach (var (p, a, n) in rows)
        {
            writer.WriteLine($"  {p.PadRight(part)}  {a.PadRight(address)}  {n}");
        }

        writer.WriteLine(rule);
        return writer.ToString().TrimEnd();
    }
}
