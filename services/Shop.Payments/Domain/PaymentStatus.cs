namespace Shop.Payments.Domain;

public enum PaymentStatus
{
    None,
    Completed,
    Failed,
    Refunded,
}
