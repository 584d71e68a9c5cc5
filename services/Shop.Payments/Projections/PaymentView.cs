using Shop.Payments.Domain;

namespace Shop.Payments.Projections;

/// <summary>The PaymentHistory read model (model: payment.readModels.PaymentHistory), one document per order.</summary>
public sealed record PaymentView(
    string OrderId, string PaymentId, PaymentStatus Status, decimal Amount, string? Method, string? ApprovalCode, string? FailureReason,
    decimal RefundedAmount, DateTimeOffset UpdatedAt, IReadOnlyList<PaymentHistoryEntry> History);
