using System.Text.Json;
using Confluent.Kafka;
using Stormline.EventSourcing.Domain;
using Stormline.EventSourcing.Sagas;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Store;
using Stormline.EventSourcing.Streams;

namespace Stormline.Messaging.Consuming;

/// <summary>Sorts a handler's or decoder's exception into a <see cref="FailureKind"/>.</summary>
public static class FailureClassifier
{
    public static FailureKind Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is AggregateException { InnerExceptions.Count: 1 } single) exception = single.InnerException!;
        return exception switch
        {
            UnprocessableEventException or UnknownEventTypeException or EventDeserializationException or FormatException
                or JsonException or CommandRejectedException => FailureKind.Permanent,
            KafkaException kafka when !kafka.Error.IsFatal => FailureKind.Transient,
            Confluent.SchemaRegistry.SchemaRegistryException registry => (int)registry.Status >= 500 ? FailureKind.Transient : FailureKind.Unknown,
            HttpRequestException or TaskCanceledException => FailureKind.Transient, // the registry, an HTTP dependency
            _ when TransientFailures.IsTransient(exception) => FailureKind.Transient,
            SagaConcurrencyException or WrongExpectedVersionException => FailureKind.Transient, // lost a race: try again on the new state
            _ => FailureKind.Unknown,
        };
    }
}
