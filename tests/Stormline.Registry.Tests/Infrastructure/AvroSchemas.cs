namespace Stormline.Registry.Tests.Infrastructure;

/// <summary>Small Avro schemas used across tests.</summary>
public static class AvroSchemas
{
    public static string Record(string name, params string[] fields) =>
        $$"""{"type":"record","name":"{{name}}","namespace":"shop","fields":[{{string.Join(",", fields)}}]}""";

    public static string Field(string name, string type, string? defaultJson = null) =>
        defaultJson is null ? $$"""{"name":"{{name}}","type":{{type}}}""" : $$"""{"name":"{{name}}","type":{{type}},"default":{{defaultJson}}}""";

    public static readonly string OrderV1 = Record("Order", Field("id", "\"string\""));

    public static readonly string OrderV2 = Record("Order", Field("id", "\"string\""), Field("total", "\"double\"", "0.0"));
}
