using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Shop.Payments.Gateway;

/// <summary>
/// The simulated payment gateway (model: payment.externalSystems.PaymentGateway): configurable latency and a
/// deterministic decline rule (customer id prefix, or a total over the customer's limit). Like a real gateway it takes
/// an idempotency key, here the order id: asking again returns the first answer and charges nothing more.
/// <see cref="Charges"/> counts real charges per key so tests and the load check can prove nobody paid twice.
/// Its ledger is in memory: it stands for an external system's own state. Thread-safe.
/// </summary>
public sealed class PaymentGateway(IOptions<PaymentGatewayOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, GatewayDecision> _authorizations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _charges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _refunds = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Charges => _charges;

    public IReadOnlyDictionary<string, int> Refunds => _refunds;

    public async Task<GatewayDecision> Authorize(string idempotencyKey, string customerId, decimal amount, CancellationToken cancellationToken)
    {
        await Task.Delay(options.Value.Latency, clock, cancellationToken);
        return _authorizations.GetOrAdd(idempotencyKey, key =>
        {
            if (customerId.StartsWith(options.Value.DeclinePrefix, StringComparison.Ordinal))
                return new GatewayDecision(false, null, "declined by the card issuer");
            if (amount > options.Value.CustomerLimit)
                return new GatewayDecision(false, null, $"amount {amount} is over the customer's limit of {options.Value.CustomerLimit}");
            _charges.AddOrUpdate(key, 1, (_, n) => n + 1);
            return new GatewayDecision(true, "A-" + key[..Math.Min(8, key.Length)].ToUpperInvariant(), null);
        });
    }

    public async Task Refund(string idempotencyKey, CancellationToken cancellationToken)
    {
        await Task.Delay(options.Value.Latency, clock, cancellationToken);
        _refunds.AddOrUpdate(idempotencyKey, 1, (_, n) => n);
    }
}
