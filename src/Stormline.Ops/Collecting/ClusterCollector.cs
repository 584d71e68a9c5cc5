using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Stormline.Ops.Collecting;

/// <summary>
/// Reads a Kafka cluster through the AdminClient only (metadata, ListOffsets, ListGroups, DescribeGroups,
/// OffsetFetch, DescribeConfigs), so it works the same against the embedded broker and Apache Kafka. Each poll
/// builds an immutable <see cref="ClusterSnapshot"/> and appends it to <see cref="History"/>.
/// Thread-safe: polls are serialised; readers only see finished snapshots.
/// </summary>
public sealed partial class ClusterCollector : IAsyncDisposable
{
    private readonly IAdminClient _admin;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _pollGate = new(1, 1);
    private readonly NextRecordTimestamps _timestamps;
    private CancellationTokenSource? _loopStop;
    private Task? _loop;

    public ClusterCollector(ClusterCollectorOptions options, ILogger<ClusterCollector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.BootstrapServers);
        Options = options;
        History = new SnapshotHistory(options.HistorySize);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var config = new AdminClientConfig(new Dictionary<string, string>(options.ClientConfig))
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = "stormline-ops",
        };
        _admin = new AdminClientBuilder(config).SetLogHandler((_, _) => { }).Build();
        _timestamps = new NextRecordTimestamps(options);
    }

    public ClusterCollectorOptions Options { get; }

    public SnapshotHistory History { get; }

    /// <summary>The newest snapshot, or null before the first successful poll.</summary>
    public ClusterSnapshot? Latest => History.Latest;

    /// <summary>Why the last poll failed, or null when it succeeded.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Raised after each successful poll, on the polling thread; keep handlers short.</summary>
    public event Action<ClusterSnapshot>? SnapshotCollected;

    /// <summary>Starts polling every <see cref="ClusterCollectorOptions.PollInterval"/>, the first poll at once.</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            return;
        }

        _loopStop = new CancellationTokenSource();
        _loop = Task.Run(() => RunAsync(_loopStop.Token));
    }

    /// <summary>Stops the polling loop started by <see cref="Start"/>; a poll in flight is cancelled.</summary>
    public async Task StopAsync()
    {
        if (_loop is null || _loopStop is null)
        {
            return;
        }

        await _loopStop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _loopStop.Dispose();
        _loop = null;
        _loopStop = null;
    }

    /// <summary>Polls until <paramref name="cancellationToken"/> fires; a failed poll is logged and retried at the next tick.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Options.PollInterval, Options.TimeProvider);
        do
        {
            try
            {
                await CollectAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                OpsLog.PollFailed(_logger, Options.BootstrapServers, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>Waits for a snapshot that satisfies <paramref name="predicate"/>, polling as needed; throws <see cref="TimeoutException"/>.</summary>
    public async Task<ClusterSnapshot> WaitForSnapshotAsync(Func<ClusterSnapshot, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Options.TimeProvider.GetUtcNow() + timeout;
        while (true)
        {
            var snapshot = await CollectAsync(cancellationToken);
            if (predicate(snapshot))
            {
                return snapshot;
            }

            if (Options.TimeProvider.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"No snapshot of {Options.BootstrapServers} matched within {timeout}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>
    /// The configs of one topic, read when asked rather than on every poll (they rarely change and are many);
    /// null when the topic does not exist.
    /// </summary>
    public async Task<IReadOnlyList<TopicConfigEntry>?> DescribeTopicConfigsAsync(string topic, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var results = await _admin.DescribeConfigsAsync(
                [new ConfigResource { Type = ResourceType.Topic, Name = topic }],
                new DescribeConfigsOptions { RequestTimeout = Options.RequestTimeout });
            return ToEntries(results[0]);
        }
        catch (DescribeConfigsException ex) when (ex.Results.Count > 0 && ex.Results[0].Error.Code == ErrorCode.UnknownTopicOrPart)
        {
            return null;
        }
    }

    private static List<TopicConfigEntry> ToEntries(DescribeConfigsResult result) =>
        result.Entries.Values
            .Select(e => new TopicConfigEntry(e.Name, e.Value, e.IsDefault, e.IsReadOnly, e.IsSensitive, e.Source.ToString()))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _admin.Dispose();
        _timestamps.Dispose();
        _pollGate.Dispose();
    }
}
