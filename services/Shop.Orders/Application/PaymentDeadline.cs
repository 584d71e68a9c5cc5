using Shop.Contracts;
using Shop.Orders.Domain;
using Stormline.EventSourcing.Sagas;

namespace Shop.Orders.Application;

/// <summary>
/// "A payment that never answers cancels the order": started when an order is created, finished when it is paid or
/// cancelled; if neither happens by the deadline it sends a CancelOrder that only cancels a still unpaid order, so a
/// payment that wins the race is never undone by the timer (and a late PaymentCompleted is refunded by Payments,
/// which sees the OrderCancelled).
/// </summary>
public sealed class PaymentDeadline : IProcessManager<PaymentDeadlineState>
{
    public const string PaymentDue = "payment-due";

    private PaymentDeadline() { }

    public static string Name => "order-payment-deadline";

    public static PaymentDeadlineState Initial { get; } = new((string?)null);

    public static string? CorrelationOf(object @event) => @event switch
    {
        PaymentAwaited e => e.OrderId,
        OrderPaid e => e.OrderId,
        OrderCancelled e => e.OrderId,
        _ => null,
    };

    public static SagaStep<PaymentDeadlineState> Handle(PaymentDeadlineState state, object @event, DateTimeOffset now) => @event switch
    {
        PaymentAwaited e => new(state with { OrderId = e.OrderId }, [], [new Deadline(PaymentDue, e.DueAt)], [], false),
        OrderPaid or OrderCancelled => new(state, [], [], [PaymentDue], true),
        _ => SagaStep<PaymentDeadlineState>.Unchanged(state),
    };

    public static SagaStep<PaymentDeadlineState> OnDeadline(PaymentDeadlineState state, string deadline, DateTimeOffset now) =>
        deadline == PaymentDue && state.OrderId is { } orderId
            ? new(state, [new CancelOrder(orderId, CancelReason.PaymentFailed, "the payment did not answer before its deadline", now, OnlyIfUnpaid: true)], [], [], true)
            : SagaStep<PaymentDeadlineState>.Unchanged(state);
}
