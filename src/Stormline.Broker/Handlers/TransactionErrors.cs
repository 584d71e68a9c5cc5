using Stormline.Broker.Protocol;

namespace Stormline.Broker.Handlers;

/// <summary>How the transaction APIs answer a fenced producer, by request version.</summary>
internal static class TransactionErrors
{
    /// <summary>
    /// PRODUCER_FENCED (90) exists from a version on (InitProducerId v4, AddPartitionsToTxn, AddOffsetsToTxn and EndTxn
    /// v2); older requests get INVALID_PRODUCER_EPOCH (47) instead, as Kafka's KafkaApis answers them.
    /// </summary>
    public static ErrorCode ForVersion(ErrorCode error, short version, short firstFencedVersion) =>
        error == ErrorCode.ProducerFenced && version < firstFencedVersion ? ErrorCode.InvalidProducerEpoch : error;
}
