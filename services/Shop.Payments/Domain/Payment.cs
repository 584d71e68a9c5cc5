using Shop.Contracts;
using Stormline.EventSourcing.Domain;

namespace Shop.Payments.Domain;

/// <summary>
/// The Payment aggregate, one stream per order: the first authorization decides, every later one changes nothing, so
/// a redelivered OrderCreated can never charge twice; a refund only follows a completed payment, once.
/// </summary>
public sealed class Payment : IDecider<PaymentCommand, object, PaymentState>
{
    private Payment() { }

    public static PaymentState Initial => PaymentState.Initial;

    public static IReadOnlyList<object> Decide(PaymentCommand command, PaymentState state) => command switch
    {
        AuthorizePayment c when state.Status == PaymentStatus.None => c.Decision.Approved
            ? [new PaymentCompleted(PaymentState.PaymentIdFor(c.OrderId), c.OrderId, c.Amount, PaymentMethod.Card, c.Decision.ApprovalCode ?? "", c.At)]
            : [new PaymentFailed(PaymentState.PaymentIdFor(c.OrderId), c.OrderId, c.Decision.DeclineReason ?? "declined", c.At)],
        AuthorizePayment => [],
        RefundPayment c when state.Status == PaymentStatus.Completed => [new PaymentRefunded(state.PaymentId!, c.OrderId, state.Amount, c.At)],
        RefundPayment => [], // nothing was charged (failed, or no payment yet) or it was refunded already
        _ => throw new CommandRejectedException($"Unknown command {command.GetType().Name}."),
    };

    public static PaymentState Evolve(PaymentState state, object @event) => @event switch
    {
        PaymentCompleted e => state with { Status = PaymentStatus.Completed, PaymentId = e.PaymentId, Amount = e.Amount },
        PaymentFailed e => state with { Status = PaymentStatus.Failed, PaymentId = e.PaymentId },
        PaymentRefunded => state with { Status = PaymentStatus.Refunded },
        _ => state,
    };
}
