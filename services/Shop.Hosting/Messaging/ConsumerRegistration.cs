using System.Data.Common;
using Stormline.Messaging.Consuming;

namespace Shop.Hosting.Messaging;

/// <summary>One topic a service consumes: its consumer group and the handler, which runs in the inbox transaction.</summary>
public sealed record ConsumerRegistration(string Topic, string GroupId, Func<IServiceProvider, Func<ConsumedEvent, DbTransaction, CancellationToken, Task>> Handler);
