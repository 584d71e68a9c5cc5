using System.Runtime.InteropServices;
using Stormline.Broker.Log;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// Produce: v0-11. Only record batch v2 is stored (v3+ carry nothing else); v0-2 are served so that librdkafka
/// before 2.11.1 (kcat's 2.0.2) compresses: it sends gzip, snappy and lz4 only to a broker whose Produce range
/// includes v0 (rdkafka_msgset_writer.c, fixed upstream in #5130), as Kafka 3.x's does. A magic 0/1 message set in
/// v0-2 is answered with UNSUPPORTED_FOR_MESSAGE_FORMAT instead of being converted.
/// Behaviour: each partition's records are CRC-checked, offset-assigned and written to its log before the answer;
/// acks=1 and acks=all both answer after the write to the OS (a single node has no followers to wait for), and
/// acks=0 gets no response at all. Idempotent batches are checked per producer id: an exact retry is answered
/// with its original offset (under flush.messages=1 only once the original is fsynced), a gap with
/// OUT_OF_ORDER_SEQUENCE_NUMBER, an old epoch with INVALID_PRODUCER_EPOCH. A failed fsync takes the partition offline:
/// that append and every later one, retries included, answer KAFKA_STORAGE_ERROR instead of an acknowledgement.
/// Transactional batches (attribute bit 4) are appended only if the partition was added to the producer's transaction
/// (KIP-890 part 1: else INVALID_TXN_STATE, TRANSACTION_ABORTABLE from v11), the producer id is the transactional
/// id's (else INVALID_PRODUCER_ID_MAPPING) and its epoch current (else INVALID_PRODUCER_EPOCH); a control batch is
/// INVALID_RECORD. Topics are not auto-created here (Kafka creates them on Metadata).
/// The record batches are a slice of the request frame: they are validated and given offsets in place and written
/// from there, never copied into an array of their own.
/// Version notes: v1 throttle_time_ms; v2 log_append_time_ms; v3 transactional_id; v5 log_start_offset;
/// v8 record_errors and error_message; v9 flexible; v10 (KIP-951) current_leader and node_endpoints tagged fields,
/// which Kafka fills only with NOT_LEADER_OR_FOLLOWER, an error a single node never gives (it leads every partition),
/// so they stay absent; v11 (KIP-890) TRANSACTION_ABORTABLE for a partition outside the producer's transaction.
/// v12 (Kafka 4.0, KIP-890 part 2: the broker adds the partition to the transaction itself) is not served.
/// Authorization: WRITE on each topic (TOPIC_AUTHORIZATION_FAILED) and, with a transactional id, WRITE on it
/// (TRANSACTIONAL_ID_AUTHORIZATION_FAILED).
/// </summary>
internal sealed class ProduceHandler(BrokerContext broker) : ApiHandler(broker)
{
    private const int MagicOffset = 16;

    /// <summary>From this version a client understands TRANSACTION_ABORTABLE (Kafka's KafkaApis: apiVersion > 10).</summary>
    private const short FirstAbortableVersion = 11;

    public override ApiKey Key => ApiKey.Produce;

    public override short MinVersion => 0;

    public override short MaxVersion => 11;

    public override short FirstFlexibleVersion => ProduceRequest.FirstFlexibleVersion;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var message = ProduceRequest.Read(request.Body, request.Version);
        var answer = new ProduceResponse { Responses = new(message.TopicData.Count) };
        foreach (var topicData in message.TopicData)
        {
            var name = topicData.Name;
            var partitions = new List<ProduceResponse.PartitionProduceResponse>(topicData.PartitionData.Count);
            Broker.Topics.TryGet(name, out var topic);
            var denied = ProduceAuthorization.Denied(Broker.Authorizer, request, name, message.TransactionalId);
            foreach (var partitionData in topicData.PartitionData)
            {
                var result = Append(request.Version, message.Acks, message.TransactionalId, name, topic?.Partition(partitionData.Index), partitionData, denied);
                partitions.Add(new ProduceResponse.PartitionProduceResponse
                {
                    Index = partitionData.Index,
                    ErrorCode = result.Error,
                    BaseOffset = result.BaseOffset,
                    LogAppendTimeMs = result.LogAppendTime,
                    LogStartOffset = result.LogStartOffset,
                    ErrorMessage = result.Error == ErrorCode.None ? null : result.ErrorMessage,
                });
            }

            answer.Responses.Add(new ProduceResponse.TopicProduceResponse { Name = name, PartitionResponses = partitions });
        }

        if (message.Acks == 0)
        {
            return ValueTask.FromResult(false);
        }

        answer.Write(response, request.Version);
        return ValueTask.FromResult(true);
    }

    private AppendResult Append(short version, short acks, string? transactionalId, string topic, PartitionLog? log, ProduceRequest.PartitionProduceData data, ErrorCode? denied)
    {
        if (acks is not (0 or 1 or -1))
        {
            return AppendResult.Failed(ErrorCode.InvalidRequiredAcks, $"acks must be -1, 0 or 1, not {acks}");
        }

        if (denied is { } authorization)
        {
            return AppendResult.Failed(authorization, $"Not authorized to write to {topic}");
        }

        if (log is null)
        {
            return AppendResult.Failed(ErrorCode.UnknownTopicOrPartition, $"Unknown topic or partition {topic}-{data.Index}");
        }

        if (data.Records is not { Length: > 0 } bytes)
        {
            return AppendResult.Failed(ErrorCode.InvalidRecord, "Produce request without records");
        }

        if (bytes.Length > MagicOffset && bytes.Span[MagicOffset] < 2)
        {
            // Magic sits at byte 16 in every message format, so an old message set is told apart before parsing.
            return AppendResult.Failed(ErrorCode.UnsupportedForMessageFormat, $"message format v{bytes.Span[MagicOffset]}: only record batch v2 is accepted");
        }

        try
        {
            // The frame buffer belongs to this request, so the batch is rewritten (offsets) in place.
            var writable = MemoryMarshal.AsMemory(bytes);
            if (bytes.Length < RecordBatch.HeaderSize || RecordBatch.ReadHeader(bytes.Span) is not { IsTransactional: true } first)
            {
                return log.Append(writable);
            }

            var result = Broker.Transactions.AppendTransactional(transactionalId, first.ProducerId, first.ProducerEpoch, log, () => log.Append(writable));
            return result.Error == ErrorCode.InvalidTxnState && version >= FirstAbortableVersion
                ? result with { Error = ErrorCode.TransactionAbortable }
                : result;
        }
        catch (ObjectDisposedException)
        {
            // The topic was deleted while this request ran: nothing was written.
            return AppendResult.Failed(ErrorCode.UnknownTopicOrPartition, $"Topic {topic} was deleted while the request ran");
        }
    }
}
