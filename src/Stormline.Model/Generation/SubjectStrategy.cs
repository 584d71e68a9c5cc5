namespace Stormline.Model.Generation;

/// <summary>How an event's registry subject is named: Confluent's three subject name strategies.</summary>
public enum SubjectStrategy
{
    /// <summary>TopicRecordNameStrategy, <c>&lt;topic&gt;-&lt;full record name&gt;</c>: several event types per topic, each with its own history (the default).</summary>
    TopicRecord,

    /// <summary>TopicNameStrategy, <c>&lt;topic&gt;-value</c>: one schema per topic, so only for topics that carry one event type.</summary>
    Topic,

    /// <summary>RecordNameStrategy, the full record name, shared by every topic carrying it.</summary>
    Record,
}
