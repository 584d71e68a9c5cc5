namespace Stormline.EventSourcing.Store;

/// <summary>Which <see cref="WritePriority"/> a unit of work takes.</summary>
public static class WritePriorities
{
    /// <summary>
    /// A reader of the log (a projection, a log feed) near its head writes as catch-up work; one that read a full batch
    /// is behind, and writes as flow work until it is near the head again. A reader kept waiting would fall out of the
    /// store's memory of recent events and read the file instead, which costs more than the turn it gave up.
    /// </summary>
    public static WritePriority ForReader(int read, int batchSize) => read >= batchSize ? WritePriority.Flow : WritePriority.CatchUp;
}
