using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Confluent.Kafka;
using Stormline.OpsConsole.Api;
using Stormline.OpsConsole.Kafka;

namespace Stormline.OpsConsole.Messages;

/// <summary>
/// Follows a topic from its end and streams each new message (decoded, masked, optionally filtered) as a server-sent
/// event. Bounded: a few tails at once per console, each for a number of messages and a time, after which an <c>end</c>
/// event says why. The consumer is closed as soon as the client leaves (the request is aborted).
/// </summary>
internal sealed class LiveTail(KafkaClients clients, TopicsReader topics, MessageRows rows)
{
    public const int MaxTails = 4, DefaultMessages = 500, MaxMessages = 5000;
    public static readonly TimeSpan DefaultTime = TimeSpan.FromMinutes(5), MaxTime = TimeSpan.FromMinutes(30);

    /// <summary>Silence longer than this sends a <c>heartbeat</c> event, so proxies keep the stream and the page knows it is alive.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private int _open;

    /// <summary>Checks the request and takes a slot before the stream starts, so refusals are problem+json, not a broken stream.</summary>
    public async Task<TailSession> StartAsync(string topic, TailQuery query)
    {
        var filter = query.Filter is { Length: > 0 } text ? MessageSearch.Filter(text) : null;
        var partitions = topics.Find(topic).Partitions.Select(p => new TopicPartition(topic, p.PartitionId))
            .Where(tp => query.Partition is not { } only || tp.Partition.Value == only).ToList();
        if (partitions.Count == 0)
        {
            throw ConsoleProblem.NotFound($"Topic '{topic}' has no partition {query.Partition}.");
        }

        var from = (await topics.OffsetsAsync(partitions)).Select(p => new TopicPartitionOffset(p.Key, new Offset(p.Value.Latest))).ToList();
        if (Interlocked.Increment(ref _open) > MaxTails)
        {
            Interlocked.Decrement(ref _open);
            throw new ConsoleProblem(429, "Too many live tails", $"This console streams at most {MaxTails} tails at once; close one (leave its page) and try again.");
        }

        var messages = query.Limit is > 0 ? Math.Min(query.Limit.Value, MaxMessages) : DefaultMessages;
        var time = query.Seconds is > 0 ? TimeSpan.FromSeconds(Math.Min(query.Seconds.Value, MaxTime.TotalSeconds)) : DefaultTime;
        return new TailSession(this, topic, from, filter, messages, time);
    }

    private void Release() => Interlocked.Decrement(ref _open);

    private KafkaClients Clients => clients;

    private MessageRows Rows => rows;

    /// <summary>One tail's stream; its slot is given back once, when the stream ends or the request is disposed, whichever is first.</summary>
    internal sealed class TailSession(LiveTail tail, string topic, IReadOnlyList<TopicPartitionOffset> from, MessageFilter? filter, int messages, TimeSpan time) : IDisposable
    {
        private int _released;

        public async IAsyncEnumerable<SseItem<string>> EventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            try
            {
                using var consumer = tail.Clients.Reader();
                consumer.Assign(from);
                yield return ServerEvent.Of("ready", new TailReady(topic, from.Select(p => new TailStart(p.Partition.Value, p.Offset.Value)).ToList(), filter?.Text, messages, (int)time.TotalSeconds));
                var sent = 0;
                var until = DateTimeOffset.UtcNow + time;
                var quietSince = DateTimeOffset.UtcNow;
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (sent >= messages || DateTimeOffset.UtcNow >= until)
                    {
                        yield return ServerEvent.Of("end", new TailEnd(sent >= messages ? "limit" : "time", sent));
                        break;
                    }

                    var record = await Task.Run(() => consumer.Consume(TimeSpan.FromMilliseconds(250)), CancellationToken.None);
                    if (record is null || record.IsPartitionEOF)
                    {
                        if (DateTimeOffset.UtcNow - quietSince > Heartbeat)
                        {
                            quietSince = DateTimeOffset.UtcNow;
                            yield return ServerEvent.Of("heartbeat", new TailEnd("quiet", sent));
                        }

                        continue;
                    }

                    var row = await tail.Rows.FromAsync(record);
                    if (filter is null || filter.Matches(row))
                    {
                        sent++;
                        quietSince = DateTimeOffset.UtcNow;
                        yield return ServerEvent.Of("message", row);
                    }
                }

                consumer.Close();
            }
            finally
            {
                Dispose();
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                tail.Release();
            }
        }
    }
}

internal sealed record TailQuery(string? Filter, int? Partition, int? Limit, int? Seconds);

internal sealed record TailStart(int Partition, long Offset);

/// <summary>The first event: where the tail starts and its bounds.</summary>
internal sealed record TailReady(string Topic, IReadOnlyList<TailStart> From, string? Filter, int MaxMessages, int MaxSeconds);

/// <summary>The last event (<see cref="Reason"/> limit or time), and the heartbeat's body.</summary>
internal sealed record TailEnd(string Reason, int Sent);
