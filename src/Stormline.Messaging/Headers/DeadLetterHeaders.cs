namespace Stormline.Messaging.Headers;

/// <summary>Headers added to a message moved to "&lt;topic&gt;.dlq": why it failed and where it came from.</summary>
public static class DeadLetterHeaders
{
    public const string Error = "dlq-error";
    public const string ExceptionType = "dlq-exception-type";
    public const string OriginalTopic = "dlq-original-topic";
    public const string OriginalPartition = "dlq-original-partition";
    public const string OriginalOffset = "dlq-original-offset";
}
