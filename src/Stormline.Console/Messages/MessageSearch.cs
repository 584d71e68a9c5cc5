using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Confluent.Kafka;
using Stormline.OpsConsole.Api;
using Stormline.OpsConsole.Kafka;

namespace Stormline.OpsConsole.Messages;

/// <summary>
/// Finds the messages of a topic that a <see cref="MessageFilter"/> accepts, oldest first from the start of the log (or
/// a time). Bounded three ways: matches (<see cref="SearchQuery.Limit"/>), records read (<see cref="ConsoleOptions.MaxScan"/>)
/// and seconds; the answer says how far it got, so a stopped search can be narrowed or continued from a later time.
/// </summary>
internal sealed class MessageSearch(TopicsReader topics, PartitionScanner scanner, MessageRows rows, ConsoleOptions options)
{
    public static readonly TimeSpan DefaultTime = TimeSpan.FromSeconds(10), MaxTime = TimeSpan.FromSeconds(30);

    /// <summary>How often a streamed search reports how far it has read.</summary>
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(500);

    public async Task<SearchResult> SearchAsync(string topic, SearchQuery query, CancellationToken cancellationToken) =>
        await RunAsync(await PrepareAsync(topic, query), new SearchProgress(), cancellationToken);

    /// <summary>
    /// The same search as server-sent events: <c>progress</c> at once and every half second (records read, matches so
    /// far), then <c>result</c>. Checked before the stream starts, so a bad filter or topic is still a problem+json.
    /// </summary>
    public async Task<IAsyncEnumerable<SseItem<string>>> StreamAsync(string topic, SearchQuery query, CancellationToken cancellationToken)
    {
        var search = await PrepareAsync(topic, query);
        return Events(search, cancellationToken);
    }

    private async IAsyncEnumerable<SseItem<string>> Events(PreparedSearch search, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var progress = new SearchProgress { InRange = search.InRange };
        var running = RunAsync(search, progress, cancellationToken);
        while (!running.IsCompleted)
        {
            yield return ServerEvent.Of("progress", progress);
            await Task.WhenAny(running, Task.Delay(ProgressEvery, cancellationToken));
        }

        yield return ServerEvent.Of("result", await running);
    }

    private async Task<PreparedSearch> PrepareAsync(string topic, SearchQuery query)
    {
        var filter = Filter(query.Filter);
        var meta = topics.Find(topic);
        var partitions = meta.Partitions.Select(p => new TopicPartition(topic, p.PartitionId))
            .Where(tp => query.Partition is not { } only || tp.Partition.Value == only).ToList();
        if (partitions.Count == 0)
        {
            throw ConsoleProblem.NotFound($"Topic '{topic}' has no partition {query.Partition}.");
        }

        var offsets = await topics.OffsetsAsync(partitions);
        var fromTime = query.Time is { Length: > 0 } time ? await topics.OffsetsForTimeAsync(partitions, OffsetReset.ParseTime(time)) : null;
        var ranges = partitions.Select(tp => new ScanRange(tp,
            fromTime is null ? offsets[tp].Earliest : fromTime[tp] < 0 ? offsets[tp].Latest : Math.Max(fromTime[tp], offsets[tp].Earliest), offsets[tp].Latest)).ToList();
        var limit = query.Limit is > 0 and <= 500 ? query.Limit.Value : MessageBrowser.DefaultLimit;
        var seconds = query.Seconds is > 0 ? TimeSpan.FromSeconds(Math.Min(query.Seconds.Value, MaxTime.TotalSeconds)) : DefaultTime;
        return new PreparedSearch(topic, filter, ranges, limit, seconds);
    }

    private async Task<SearchResult> RunAsync(PreparedSearch search, SearchProgress progress, CancellationToken cancellationToken)
    {
        var found = new List<MessageRow>();
        var clock = Stopwatch.StartNew();
        var scan = await scanner.ScanAsync(search.Ranges, async record =>
        {
            var row = await rows.FromAsync(record);
            var matched = search.Filter.Matches(row);
            progress.Read(matched);
            if (!matched)
            {
                return false;
            }

            found.Add(row);
            return true;
        }, search.Limit, options.MaxScan, search.Time, cancellationToken);

        var ordered = found.OrderBy(m => m.Timestamp).ThenBy(m => m.Partition).ThenBy(m => m.Offset).ToList();
        return new SearchResult(search.Topic, search.Filter.Text, ordered, scan.Scanned, search.InRange, scan.Complete, (long)clock.Elapsed.TotalMilliseconds);
    }

    private sealed record PreparedSearch(string Topic, MessageFilter Filter, IReadOnlyList<ScanRange> Ranges, int Limit, TimeSpan Time)
    {
        public long InRange { get; } = Ranges.Sum(r => r.To - r.From);
    }

    public static MessageFilter Filter(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ConsoleProblem.BadRequest("A search needs 'filter', e.g. value.customerId == \"c-42\" && header.traceparent exists (see docs/console.md).");
        }

        try
        {
            return MessageFilter.Parse(text);
        }
        catch (FormatException ex)
        {
            throw ConsoleProblem.BadRequest(ex.Message);
        }
    }
}

/// <summary>A search: the filter, optionally one partition and a start time, at most <see cref="Limit"/> matches within <see cref="Seconds"/>.</summary>
internal sealed record SearchQuery(string? Filter, int? Partition, string? Time, int? Limit, int? Seconds);

/// <summary><see cref="Complete"/> is false when a bound stopped the search before the log end; <see cref="InRange"/> is how many records it would have read.</summary>
internal sealed record SearchResult(string Topic, string Filter, IReadOnlyList<MessageRow> Messages, int Scanned, long InRange, bool Complete, long ElapsedMs);

/// <summary>How far a running search has got; read by the progress events while the scan writes it.</summary>
internal sealed class SearchProgress
{
    private int _scanned, _matched;

    public long InRange { get; init; }

    public int Scanned => Volatile.Read(ref _scanned);

    public int Matched => Volatile.Read(ref _matched);

    public void Read(bool matched)
    {
        Interlocked.Increment(ref _scanned);
        if (matched)
        {
            Interlocked.Increment(ref _matched);
        }
    }
}
