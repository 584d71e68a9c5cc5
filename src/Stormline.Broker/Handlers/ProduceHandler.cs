using System.Runtime.InteropServices;
using Stormline.Broker.Log;
using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// Produce: v0-8. Only record batch v2 is stored (v3+ carry nothing else); v0-2 are served so that librdkafka
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
/// (KIP-890 part 1: else INVALID_TXN_STATE), the producer id is the transactional id's (else
/// INVALID_PRODUCER_ID_MAPPING) and its epoch current (else INVALID_PRODUCER_EPOCH); a control batch is INVALID_RECORD.
/// Topics are not auto-created here (Kafka creates them on Metadata).
/// Version notes: v1 throttle_time_ms; v2 log_append_time_ms; v3 transactional_id; v5 log_start_offset;
/// v8 record_errors and error_message.
/// Authorization: WRITE on each topic (TOPIC_AUTHORIZATION_FAILED) and, with a transactional id, WRITE on it
/// (TRANSACTIONAL_ID_AUTHORIZATION_FAILED).
/// </summary>
internal sealed class ProduceHandler(BrokerContext broker) : ApiHandler(broker)
{
    private const int MagicOffset = 16;

    public override ApiKey Key => ApiKey.Produce;

    public override short MinVersion => 0;

    public override short MaxVersion => 8;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var transactionalId = request.Version >= 3 ? body.ReadNullableString() : null;

        var acks = body.ReadInt16();
        body.ReadInt32();
        var topics = body.ReadArray(r => (
            Name: r.ReadString(),
            Partitions: r.ReadArray(p => (Index: p.ReadInt32(), Records: p.ReadNullableBytes()))));

        var results = new List<(string Topic, List<(int Partition, AppendResult Result)> Partitions)>(topics.Count);
        foreach (var (name, partitions) in topics)
        {
            var perPartition = new List<(int, AppendResult)>(partitions.Count);
            Broker.Topics.TryGet(name, out var topic);
            var denied = ProduceAuthorization.Denied(Broker.Authorizer, request, name, transactionalId);
            foreach (var (index, records) in partitions)
            {
                AppendResult result;
                if (acks is not (0 or 1 or -1))
                {
                    result = AppendResult.Failed(ErrorCode.InvalidRequiredAcks, $"acks must be -1, 0 or 1, not {acks}");
                }
                else if (denied is { } authorization)
                {
                    result = AppendResult.Failed(authorization, $"Not authorized to write to {name}");
                }
                else if (topic?.Partition(index) is not { } log)
                {
                    result = AppendResult.Failed(ErrorCode.UnknownTopicOrPartition, $"Unknown topic or partition {name}-{index}");
                }
                else if (records is not { Length: > 0 } bytes)
                {
                    result = AppendResult.Failed(ErrorCode.InvalidRecord, "Produce request without records");
                }
                else if (bytes.Length > MagicOffset && bytes.Span[MagicOffset] < 2)
                {
                    // Magic sits at byte 16 in every message format, so an old message set is told apart before parsing.
                    result = AppendResult.Failed(ErrorCode.UnsupportedForMessageFormat, $"message format v{bytes.Span[MagicOffset]}: only record batch v2 is accepted");
                }
                else
                {
                    // The frame buffer belongs to this request, so the batch is rewritten (offsets) in place.
                    try
                    {
                        var writable = MemoryMarshal.AsMemory(bytes);
                        result = bytes.Length >= RecordBatch.HeaderSize && RecordBatch.ReadHeader(bytes.Span) is { IsTransactional: true } first
                            ? Broker.Transactions.AppendTransactional(transactionalId, first.ProducerId, first.ProducerEpoch, log, () => log.Append(writable))
                            : log.Append(writable);
                    }
                    catch (ObjectDisposedException)
                    {
                        // The topic was deleted while this request ran: nothing was written.
                        result = AppendResult.Failed(ErrorCode.UnknownTopicOrPartition, $"Topic {name} was deleted while the request ran");
                    }
                }

                perPartition.Add((index, result));
            }

            results.Add((name, perPartition));
        }

        if (acks == 0)
        {
            return ValueTask.FromResult(false);
        }

        var v = request.Version;
        response.WriteArrayLength(results.Count);
        foreach (var (name, partitions) in results)
        {
            response.WriteString(name);
            response.WriteArrayLength(partitions.Count);
            foreach (var (index, result) in partitions)
            {
                response.WriteInt32(index);
                response.WriteInt16(result.Error);
                response.WriteInt64(result.BaseOffset);
                if (v >= 2)
                {
                    response.WriteInt64(result.LogAppendTime);
                }

                if (v >= 5)
                {
                    response.WriteInt64(result.LogStartOffset);
                }

                if (v >= 8)
                {
                    response.WriteArrayLength(0);
                    response.WriteString(result.Error == ErrorCode.None ? null : result.ErrorMessage);
                }
            }
        }

        if (v >= 1)
        {
            response.WriteInt32(0);
        }

        return ValueTask.FromResult(true);
    }
}
