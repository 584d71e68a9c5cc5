using System.Text;
using Confluent.Kafka;
using Stormline.OpsConsole.Api;
using Stormline.OpsConsole.Kafka;

namespace Stormline.OpsConsole.Messages;

/// <summary>
/// Produces one message typed by an operator: key and headers as UTF-8 text, the value as text or (with a subject)
/// encoded by <see cref="SchemaEncoder"/>. Only to an existing topic: producing must not create one by accident.
/// </summary>
internal sealed class MessageProducer(KafkaClients clients, TopicsReader topics, SchemaEncoder encoder)
{
    public async Task<Produced> ProduceAsync(string topic, ProduceRequest request, CancellationToken cancellationToken)
    {
        var meta = topics.Find(topic);
        if (request.Partition is { } partition && !meta.Partitions.Any(p => p.PartitionId == partition))
        {
            throw ConsoleProblem.NotFound($"Topic '{topic}' has no partition {partition}; it has {meta.Partitions.Count}.");
        }

        var headers = new Headers();
        foreach (var header in request.Headers ?? [])
        {
            headers.Add(string.IsNullOrWhiteSpace(header.Name) ? throw ConsoleProblem.BadRequest("Every header needs a name.") : header.Name, Encoding.UTF8.GetBytes(header.Value ?? ""));
        }

        var encoded = request.Subject is { Length: > 0 } subject ? await encoder.EncodeAsync(subject, request.Version, request.Value) : null;
        var message = new Message<byte[]?, byte[]?>
        {
            Key = request.Key is null ? null : Encoding.UTF8.GetBytes(request.Key),
            Value = encoded?.Bytes ?? (request.Value is null ? null : Encoding.UTF8.GetBytes(request.Value)),
            Headers = headers,
        };
        using var producer = clients.Producer();
        DeliveryResult<byte[]?, byte[]?> sent;
        try
        {
            sent = request.Partition is { } p
                ? await producer.ProduceAsync(new TopicPartition(topic, p), message, cancellationToken)
                : await producer.ProduceAsync(topic, message, cancellationToken);
        }
        catch (ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code is ErrorCode.MsgSizeTooLarge
            or ErrorCode.InvalidRecord or ErrorCode.InvalidMsg or ErrorCode.InvalidTimestamp or ErrorCode.PolicyViolation)
        {
            // The message itself was refused (unlike an unreachable broker, a 502): the operator can change it.
            throw ConsoleProblem.BadRequest($"The message was not produced: {ex.Error.Code} — {ex.Error.Reason}");
        }
        return new Produced(topic, sent.Partition.Value, sent.Offset.Value, encoded?.Format ?? (message.Value is null ? "null" : "text"), encoded?.SchemaId, encoded?.Version);
    }
}

/// <summary>
/// What to produce: <see cref="Value"/> is sent as typed, or with <see cref="Subject"/> (and optionally <see cref="Version"/>,
/// else the latest) read as JSON and encoded with that schema; null is a tombstone.
/// </summary>
internal sealed record ProduceRequest(string? Key, IReadOnlyList<HeaderRow>? Headers, string? Value, string? Subject, int? Version, int? Partition);

internal sealed record Produced(string Topic, int Partition, long Offset, string Format, int? SchemaId, int? SchemaVersion);
