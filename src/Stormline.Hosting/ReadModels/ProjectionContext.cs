namespace Stormline.Hosting.ReadModels;

/// <summary>
/// What a read model's code may ask about the pass it runs in. A read model should only write its table; one that
/// does more (a notification, a call out) checks <see cref="IsReplay"/> and skips that during a rebuild, which
/// replays every event from the start of the log.
/// </summary>
public static class ProjectionContext
{
    private static readonly AsyncLocal<bool> Replaying = new();

    /// <summary>True while a rebuild replays the log into a read model's next version.</summary>
    public static bool IsReplay => Replaying.Value;

    /// <summary>Runs <paramref name="work"/> as a replay; the flag flows into its awaits and ends with it.</summary>
    internal static async Task AsReplay(Func<Task> work)
    {
        var outer = Replaying.Value;
        Replaying.Value = true;
        try
        {
            await work();
        }
        finally
        {
            Replaying.Value = outer;
        }
    }
}
