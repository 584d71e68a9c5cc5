namespace Shop.Tests.Infrastructure;

/// <summary>Polls until a condition holds or a generous deadline passes (the machine may be loaded); never a fixed sleep as an assertion.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(45);

    public static async Task<T> Get<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        T last;
        while (true)
        {
            last = await probe();
            if (done(last)) return last;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}; last seen: {last}");
            await Task.Delay(50);
        }
    }
}
