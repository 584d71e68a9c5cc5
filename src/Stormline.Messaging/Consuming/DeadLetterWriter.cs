using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Stormline.Messaging.Headers;
using Stormline.Messaging.Telemetry;

namespace Stormline.Messaging.Consuming;

/// <summary>
/// Moves a record to "&lt;topic&gt;.dlq" with its original headers and the reason. A failed produce is retried until
/// it succeeds or the partition is given up: the record's offset is committed only after the dead letter is
/// acknowledged, so a dead letter is never lost and a worker never dies of a broker hiccup.
/// </summary>
internal sealed class DeadLetterWriter(IProducer<string, byte[]> producer, EventConsumerOptions options)
{
    public async Task Write(ConsumeResult<string, byte[]> result, Exception error, FailureKind kind, int attempts, CancellationToken cancellationToken)
    {
        Activity.Current?.SetStatus(ActivityStatusCode.Error, error.Message);
        var message = new Message<string, byte[]> { Key = result.Message.Key, Value = result.Message.Value, Headers = Headers(result, error, kind, attempts) };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await producer.ProduceAsync(options.DeadLetterTopic, message, cancellationToken);
                MessagingTelemetry.DeadLettered.Add(1, MessagingTelemetry.Attributes("process", result.Topic, options.GroupId));
                return;
            }
            catch (KafkaException e) when (!cancellationToken.IsCancellationRequested)
            {
                MessagingTelemetry.DeadLetterFailures.Add(1, new KeyValuePair<string, object?>("error.type", e.Error.Code.ToString()));
                await Task.Delay(options.Backoff(attempt), cancellationToken);
            }
        }
    }

    private Confluent.Kafka.Headers Headers(ConsumeResult<string, byte[]> result, Exception error, FailureKind kind, int attempts)
    {
        var headers = new Confluent.Kafka.Headers();
        foreach (var header in result.Message.Headers ?? [])
            headers.Add(header.Key, header.GetValueBytes());
        Add(headers, DeadLetterHeaders.Error, error.Message);
        Add(headers, DeadLetterHeaders.ExceptionType, error.GetType().FullName ?? error.GetType().Name);
        Add(headers, DeadLetterHeaders.ErrorClass, kind == FailureKind.Permanent ? "permanent" : "unknown");
        Add(headers, DeadLetterHeaders.Attempts, attempts.ToString(CultureInfo.InvariantCulture));
        Add(headers, DeadLetterHeaders.ConsumerGroup, options.GroupId);
        Add(headers, DeadLetterHeaders.OriginalTopic, result.Topic);
        Add(headers, DeadLetterHeaders.OriginalPartition, result.Partition.Value.ToString(CultureInfo.InvariantCulture));
        Add(headers, DeadLetterHeaders.OriginalOffset, result.Offset.Value.ToString(CultureInfo.InvariantCulture));
        return headers;
    }

    private static void Add(Confluent.Kafka.Headers headers, string key, string value) => headers.Add(key, Encoding.UTF8.GetBytes(value));
}
