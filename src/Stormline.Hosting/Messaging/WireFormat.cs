namespace Stormline.Hosting.Messaging;

/// <summary>Which registered schema a service writes its events with (SchemaRegistry:Format).</summary>
public enum WireFormat
{
    /// <summary>Avro binary, written with the subject's latest AVRO schema (<c>stormline schema register --format avro</c>).</summary>
    Avro,

    /// <summary>The event's JSON, framed with the id of the subject's latest JSON Schema (<c>--format json</c>).</summary>
    Json,
}
