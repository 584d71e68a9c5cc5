using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Store;

/// <summary>One caller's append waiting in a group-commit queue (PostgreSQL's AppendQueue, SQLite's SqliteAppendQueue); completed when its transaction commits or it is refused.</summary>
internal sealed class PendingAppend(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource<AppendResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StreamName Stream { get; } = stream;

    public ExpectedVersion Expected { get; } = expected;

    public IReadOnlyList<EventData> Events { get; } = events;

    /// <summary>Honoured while the append waits in the queue; once its transaction started it runs to the end.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The stream's last version as read under its lock; set by the batch's version check.</summary>
    public long Actual { get; set; } = -1;

    public Task<AppendResult> Completion => _done.Task;

    public void Succeed(AppendResult result) => _done.TrySetResult(result);

    public void Fail(Exception exception) => _done.TrySetException(exception);

    public void Cancel() => _done.TrySetCanceled(CancellationToken);
}
