using Stormline.Broker.Log;

namespace Stormline.Broker.Server;

/// <summary>One waiting fetch's registration on its partitions.</summary>
internal sealed class FetchWatch(AppendNotifier notifier, IReadOnlyList<PartitionLog> logs) : IDisposable
{
    private readonly TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Appended => _appended.Task;

    internal void Fire() => _appended.TrySetResult();

    public void Dispose() => notifier.Unwatch(this, logs);
}
