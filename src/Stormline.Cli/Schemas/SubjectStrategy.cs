namespace Stormline.Cli.Schemas;

/// <summary>How an event's registry subject is named, after Confluent's subject name strategies.</summary>
public enum SubjectStrategy
{
    /// <summary><c>&lt;topic&gt;-&lt;Event&gt;</c>: several event types per topic, each with its own history (the model's convention).</summary>
    TopicRecord,

    /// <summary><c>&lt;topic&gt;-value</c>: one schema per topic, so only for topics that carry one event type.</summary>
    Topic,

    /// <summary>The record's full name (Avro <c>namespace.Name</c>, JSON Schema <c>title</c>), shared by every topic carrying it.</summary>
    Record,
}
