namespace Stormline.Messaging.Headers;

/// <summary>Headers added to a message moved to "&lt;topic&gt;.dlq": why it failed, who gave up on it and where it came from.</summary>
public static class DeadLetterHeaders
{
    public const string Error = "dlq-error";
    public const string ExceptionType = "dlq-exception-type";

    /// <summary>"permanent" (it can never succeed) or "unknown" (an unexpected error that outlasted its retries).</summary>
    public const string ErrorClass = "dlq-error-class";

    /// <summary>How many times the event was tried before it was given up.</summary>
    public const string Attempts = "dlq-attempts";

    /// <summary>The consumer group that gave up; redrive targets it.</summary>
    public const string ConsumerGroup = "dlq-consumer-group";

    public const string OriginalTopic = "dlq-original-topic";
    public const string OriginalPartition = "dlq-original-partition";
    public const string OriginalOffset = "dlq-original-offset";
}
