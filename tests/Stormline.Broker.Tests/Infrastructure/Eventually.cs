namespace Stormline.Broker.Tests.Infrastructure;

/// <summary>Waits for a condition that becomes true asynchronously (a rebalance, an expiry), polling it.</summary>
public static class Eventually
{
    public static async Task<TimeSpan> Until(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var started = DateTime.UtcNow;
        while (!condition())
        {
            if (DateTime.UtcNow - started > timeout)
            {
                Assert.Fail($"not reached within {timeout.TotalSeconds:0.#} s: {describe()}");
            }

            await Task.Delay(50);
        }

        return DateTime.UtcNow - started;
    }
}
