using Microsoft.Extensions.Options;

namespace Shop.Payments.Gateway;

/// <summary>
/// The simulated payment gateway (model: payment.externalSystems.PaymentGateway): configurable latency and a
/// deterministic decline rule (customer id prefix, or a total over the customer's limit). Like a real gateway it takes
/// an idempotency key, here the order id: asking again returns the first answer and charges nothing more. Its books
/// are a <see cref="GatewayLedger"/> on disk, so tests and the load check prove nobody paid twice by asking the
/// gateway. Thread-safe.
/// </summary>
public sealed class PaymentGateway(IOptions<PaymentGatewayOptions> options, TimeProvider clock, GatewayLedger ledger)
{
    /// <summary>Approved charges per idempotency key, from the gateway's ledger.</summary>
    public IReadOnlyDictionary<string, int> Charges => ledger.Charges();

    public IReadOnlyDictionary<string, int> Refunds => ledger.Refunds();

    public async Task<GatewayDecision> Authorize(string idempotencyKey, string customerId, decimal amount, CancellationToken cancellationToken)
    {
        await Task.Delay(options.Value.Latency, clock, cancellationToken);
        return await ledger.Authorize(idempotencyKey, customerId, amount, () =>
        {
            if (customerId.StartsWith(options.Value.DeclinePrefix, StringComparison.Ordinal))
                return new GatewayDecision(false, null, "declined by the card issuer");
            if (amount > options.Value.CustomerLimit)
                return new GatewayDecision(false, null, $"amount {amount} is over the customer's limit of {options.Value.CustomerLimit}");
            return new GatewayDecision(true, "A-" + idempotencyKey[..Math.Min(8, idempotencyKey.Length)].ToUpperInvariant(), null);
        });
    }

    public async Task Refund(string idempotencyKey, CancellationToken cancellationToken)
    {
        await Task.Delay(options.Value.Latency, clock, cancellationToken);
        await ledger.Refund(idempotencyKey);
    }
}
