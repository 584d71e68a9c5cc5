namespace Stormline.Registry.Schemas;

/// <summary>Schema type names as Confluent spells them.</summary>
internal static class SchemaTypes
{
    public const string Avro = "AVRO";
    public const string Json = "JSON";
    public const string Protobuf = "PROTOBUF";

    /// <summary>What <c>GET /schemas/types</c> lists: the types this registry can parse and check.</summary>
    public static readonly string[] Supported = [Json, Avro];
}
