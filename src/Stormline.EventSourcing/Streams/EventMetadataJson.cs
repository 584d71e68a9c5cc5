using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stormline.EventSourcing.Streams;

/// <summary>
/// Compile-time JSON for <see cref="EventMetadata"/>, which is written with every append and read with every event:
/// the reflection-based serializer cost more per event than the insert. Same camelCase shape as before.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EventMetadata))]
internal sealed partial class EventMetadataJson : JsonSerializerContext;
