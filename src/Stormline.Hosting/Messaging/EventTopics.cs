namespace Stormline.Hosting.Messaging;

/// <summary>Which topic each event type is published to (the model's topic plan), e.g. every Order event to "order-events".</summary>
public sealed class EventTopics(Func<string, string> topicOf)
{
    public string TopicOf(string eventType) => topicOf(eventType);
}
