using System.Data.Common;
using Stormline.EventSourcing.Domain;
using Stormline.EventSourcing.Serialization;
using Stormline.Hosting.Storage;
using Stormline.Hosting.Telemetry;

namespace Stormline.Hosting.Messaging;

/// <summary>
/// The <see cref="CommandHandler{TDecider, TCommand, TEvent, TState}"/> of one aggregate on the service's store,
/// counted in <see cref="ServiceMetrics"/>. Called from an HTTP endpoint it commits on its own and wakes the outbox
/// relay and the projections; called from an event handler with the batch's transaction it commits with the batch.
/// Deciders here take contract records as events, hence <c>object</c>.
/// </summary>
public sealed class AggregateCommands<TDecider, TCommand, TState>(ServiceStore store, EventSerializer serializer, AppendSignal signal, ServiceIdentity service)
    where TDecider : IDecider<TCommand, object, TState>
    where TCommand : notnull
{
    private readonly CommandHandler<TDecider, TCommand, object, TState> _handler = new(store.Store, serializer);

    public Task<LoadedState<TState>> Load(string id, CancellationToken cancellationToken) => _handler.Load(id, cancellationToken);

    /// <exception cref="CommandRejectedException">The decider refused the command; nothing was appended.</exception>
    public async Task<CommandResult<object, TState>> Handle(string id, TCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        var result = await Counted(command, () => _handler.Handle(id, command, context, cancellationToken));
        if (result.Events.Count > 0) signal.Pulse();
        return result;
    }

    /// <summary>Handles the command inside <paramref name="transaction"/> (a consumer's batch, a saga step): the events commit with it.</summary>
    /// <exception cref="CommandRejectedException">The decider refused the command; nothing was appended.</exception>
    public Task<CommandResult<object, TState>> Handle(string id, TCommand command, CommandContext context, DbTransaction transaction, CancellationToken cancellationToken) =>
        Counted(command, () => _handler.Handle(id, command, context, transaction, cancellationToken));

    private async Task<CommandResult<object, TState>> Counted(TCommand command, Func<Task<CommandResult<object, TState>>> handle)
    {
        var commandTag = new KeyValuePair<string, object?>("command", command.GetType().Name);
        var serviceTag = new KeyValuePair<string, object?>("service", service.Name);
        CommandResult<object, TState> result;
        try
        {
            result = await handle();
        }
        catch (CommandRejectedException)
        {
            ServiceMetrics.CommandsRejected.Add(1, commandTag, serviceTag);
            throw;
        }

        ServiceMetrics.CommandsHandled.Add(1, commandTag, serviceTag);
        foreach (var e in result.Events)
            ServiceMetrics.EventsAppended.Add(1, new KeyValuePair<string, object?>("event", e.GetType().Name), serviceTag);
        return result;
    }
}
