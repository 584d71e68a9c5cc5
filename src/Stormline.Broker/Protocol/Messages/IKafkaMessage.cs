namespace Stormline.Broker.Protocol.Messages;

/// <summary>A generated Kafka request or response: read and written at any version its definition has.</summary>
public interface IKafkaMessage<TSelf>
    where TSelf : IKafkaMessage<TSelf>
{
    /// <summary>First version with compact encodings and tagged fields; short.MaxValue when none.</summary>
    static abstract short FlexibleFrom { get; }

    static abstract TSelf Read(KafkaReader reader, short version);

    void Write(KafkaWriter writer, short version);
}
