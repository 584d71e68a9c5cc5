using Stormline.Messaging.Consuming;

namespace Stormline.Hosting.Messaging;

/// <summary>
/// One topic a service consumes: its consumer group, the handler (it runs in the batch's store transaction, see
/// <see cref="EventContext"/>) and, optionally, a prepare step that runs before the transaction for calls to
/// outside systems.
/// </summary>
public sealed record ConsumerRegistration(
    string Topic,
    string GroupId,
    Func<IServiceProvider, Func<ConsumedEvent, EventContext, CancellationToken, Task>> Handler,
    Func<IServiceProvider, Func<ConsumedEvent, CancellationToken, Task<object?>>>? Prepare = null);
