using Shop.Hosting.Storage;
using Shop.Hosting.Telemetry;
using Stormline.EventSourcing.Domain;
using Stormline.EventSourcing.Serialization;

namespace Shop.Hosting.Messaging;

/// <summary>
/// The <see cref="CommandHandler{TDecider, TCommand, TEvent, TState}"/> of one aggregate on the service's event store,
/// counted in <see cref="ShopMetrics"/>; after an append it wakes the outbox relay and the projections.
/// Deciders here take contract records as events, hence <c>object</c>.
/// </summary>
public sealed class AggregateCommands<TDecider, TCommand, TState>(ShopStores stores, EventSerializer serializer, AppendSignal signal, ShopService service)
    where TDecider : IDecider<TCommand, object, TState>
    where TCommand : notnull
{
    private readonly CommandHandler<TDecider, TCommand, object, TState> _handler = new(stores.Events, serializer);

    public Task<LoadedState<TState>> Load(string id, CancellationToken cancellationToken) => _handler.Load(id, cancellationToken);

    /// <exception cref="CommandRejectedException">The decider refused the command; nothing was appended.</exception>
    public async Task<CommandResult<object, TState>> Handle(string id, TCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        var commandTag = new KeyValuePair<string, object?>("command", command.GetType().Name);
        var serviceTag = new KeyValuePair<string, object?>("service", service.Name);
        CommandResult<object, TState> result;
        try
        {
            result = await stores.EventsGate.Run(() => _handler.Handle(id, command, context, cancellationToken), cancellationToken);
        }
        catch (CommandRejectedException)
        {
            ShopMetrics.CommandsRejected.Add(1, commandTag, serviceTag);
            throw;
        }

        ShopMetrics.CommandsHandled.Add(1, commandTag, serviceTag);
        foreach (var e in result.Events)
            ShopMetrics.EventsAppended.Add(1, new KeyValuePair<string, object?>("event", e.GetType().Name), serviceTag);
        if (result.Events.Count > 0) signal.Pulse();
        return result;
    }
}
