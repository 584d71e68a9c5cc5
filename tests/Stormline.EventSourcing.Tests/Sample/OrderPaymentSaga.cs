using Stormline.EventSourcing.Sagas;

namespace Stormline.EventSourcing.Tests.Sample;

/// <summary>
/// When an order is created, wait for its payment; if none comes within <see cref="PaymentWindow"/>, cancel the order
/// (the compensation). Correlated by order id.
/// </summary>
public sealed class OrderPaymentSaga : IProcessManager<OrderPaymentState>
{
    public static readonly TimeSpan PaymentWindow = TimeSpan.FromMinutes(15);

    private OrderPaymentSaga() { }

    public static string Name => "order-payment";

    public static OrderPaymentState Initial { get; } = new(null, false);

    public static string? CorrelationOf(object @event) => @event switch
    {
        OrderCreated e => e.OrderId,
        PaymentCompleted e => e.OrderId,
        _ => null,
    };

    public static SagaStep<OrderPaymentState> Handle(OrderPaymentState state, object @event, DateTimeOffset now) => @event switch
    {
        OrderCreated e => new(state with { OrderId = e.OrderId }, [], [new Deadline("payment-due", now + PaymentWindow)], [], false),
        PaymentCompleted => new(state with { Paid = true }, [], [], ["payment-due"], true),
        _ => SagaStep<OrderPaymentState>.Unchanged(state),
    };

    public static SagaStep<OrderPaymentState> OnDeadline(OrderPaymentState state, string deadline, DateTimeOffset now) => deadline switch
    {
        "payment-due" => new(state, [new CancelOrder(state.OrderId!, "payment not received in time", now)], [], [], true),
        _ => SagaStep<OrderPaymentState>.Unchanged(state),
    };
}
