using Stormline.Broker.Protocol;

namespace Stormline.Broker.Tests.Robustness;

/// <summary>How to write a valid body of one API at any version; <paramref name="FirstFlexibleVersion"/> is Kafka's.</summary>
internal sealed record RequestTemplate(ApiKey Key, short FirstFlexibleVersion, Action<short, KafkaWriter, Random> WriteBody)
{
    /// <summary>A whole request frame (size prefix, header v1 or v2, body); <paramref name="random"/> varies the field values.</summary>
    public byte[] Frame(short version, int correlationId, Random random) =>
        RequestFrames.Build((short)Key, version, correlationId, version >= FirstFlexibleVersion, w => WriteBody(version, w, random));
}
