namespace Stormline.Cli.Load;

/// <summary>What <c>stormline load</c> sends and where: the Orders URL, the other services' URLs for the checks, and the broker.</summary>
public sealed record LoadOptions
{
    public int Orders { get; init; } = 1000;

    /// <summary>Orders per second offered (open loop: the schedule does not wait for answers).</summary>
    public double Rate { get; init; } = 100;

    public string OrdersUrl { get; init; } = "http://127.0.0.1:5101";

    public string PaymentsUrl { get; init; } = "http://127.0.0.1:5102";

    public string DeliveriesUrl { get; init; } = "http://127.0.0.1:5103";

    public string BootstrapServers { get; init; } = "127.0.0.1:9092";

    /// <summary>librdkafka settings for the consumer that times events (a secured cluster's security.protocol, sasl.*, …).</summary>
    public Stormline.Clients.ClientProperties Clients { get; init; } = new();

    public double DeclinePercent { get; init; }

    public double CancelPercent { get; init; }

    /// <summary>Requests in flight at most; when all are busy the offered rate is not reached (and the report says so).</summary>
    public int MaxInFlight { get; init; } = 256;

    /// <summary>How long after the last order was sent the run waits for every order to reach its end.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Seed of the choice of which orders are declined or cancelled, so runs are repeatable.</summary>
    public int Seed { get; init; } = 6;
}
