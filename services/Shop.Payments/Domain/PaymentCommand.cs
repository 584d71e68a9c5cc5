using Shop.Payments.Gateway;

namespace Shop.Payments.Domain;

/// <summary>Commands of the Payment aggregate, whose stream is keyed by the order id (one payment per order).</summary>
public abstract record PaymentCommand(string OrderId);

/// <summary>Record the gateway's answer; the gateway was asked only because the payment had no answer yet.</summary>
public sealed record AuthorizePayment(string OrderId, decimal Amount, GatewayDecision Decision, DateTimeOffset At) : PaymentCommand(OrderId);

public sealed record RefundPayment(string OrderId, DateTimeOffset At) : PaymentCommand(OrderId);
