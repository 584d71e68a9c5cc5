using Shop.Contracts;
using Stormline.Hosting.ReadModels;
using Shop.Payments.Domain;
using Stormline.EventSourcing.Streams;

namespace Shop.Payments.Projections;

public sealed class PaymentHistoryReadModel : IReadModel<PaymentView>
{
    public static ReadModelTable Table { get; } = new("payment_history");

    public string? IdOf(object @event) => @event switch
    {
        PaymentCompleted e => e.OrderId,
        PaymentFailed e => e.OrderId,
        PaymentRefunded e => e.OrderId,
        _ => null,
    };

    public PaymentView? Apply(PaymentView? current, object @event, StreamEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var (next, at) = @event switch
        {
            PaymentCompleted e => (new PaymentView(e.OrderId, e.PaymentId, PaymentStatus.Completed, e.Amount, e.Method.ToString(), e.ApprovalCode, null, 0m, e.CompletedAt, []), e.CompletedAt),
            PaymentFailed e => (new PaymentView(e.OrderId, e.PaymentId, PaymentStatus.Failed, 0m, null, null, e.Reason, 0m, e.FailedAt, []), e.FailedAt),
            PaymentRefunded e when current is not null => (current with { Status = PaymentStatus.Refunded, RefundedAmount = e.Amount }, e.RefundedAt),
            _ => ((PaymentView?)null, default(DateTimeOffset)),
        };
        return next is null ? null
            : next with { UpdatedAt = at, History = [.. current?.History ?? [], new(@event.GetType().Name, at, stored.GlobalPosition)] };
    }

    public ReadModelRow Row(PaymentView document, string json)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new(document.OrderId, document.Status.ToString(), null, document.History[0].At, json);
    }
}
