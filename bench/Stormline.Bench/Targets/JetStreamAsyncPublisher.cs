using NATS.Client.Core;

namespace Stormline.Bench.Targets;

/// <summary>
/// JetStream's asynchronous publish: plain PUBs to the stream's subject with one reply inbox, at most
/// <c>window</c> awaiting their PubAck; a reader counts the acks (and error replies) as they come back.
/// This is what JetStream clients do for pipelined publishing; NATS.Net's <c>js.PublishAsync</c> instead sets up a
/// request per message, which here tops out near 35,000 msg/s with the client, not the server, busy.
/// </summary>
public sealed class JetStreamAsyncPublisher : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly string _subject;
    private readonly string _inbox;
    private readonly SemaphoreSlim _window;
    private readonly int _windowSize;
    private readonly INatsSub<byte[]> _acks;
    private readonly Task _reader;
    private long _acked;
    private long _failed;
    private string? _firstError;

    private JetStreamAsyncPublisher(NatsConnection connection, string subject, string inbox, int window, INatsSub<byte[]> acks)
    {
        _connection = connection;
        _subject = subject;
        _inbox = inbox;
        _windowSize = window;
        _window = new SemaphoreSlim(window, window);
        _acks = acks;
        _reader = Task.Run(ReadAcksAsync);
    }

    public long Acked => Interlocked.Read(ref _acked);

    public long Failed => Interlocked.Read(ref _failed);

    public string? FirstError => _firstError;

    /// <summary>Called for every ack or error reply.</summary>
    public Action? OnReply { get; init; }

    public static async Task<JetStreamAsyncPublisher> StartAsync(NatsConnection connection, string subject, int window, Action? onReply = null)
    {
        var inbox = connection.NewInbox();
        var acks = await connection.SubscribeCoreAsync<byte[]>(inbox);
        return new JetStreamAsyncPublisher(connection, subject, inbox, window, acks) { OnReply = onReply };
    }

    private async Task ReadAcksAsync()
    {
        await foreach (var reply in _acks.Msgs.ReadAllAsync())
        {
            // A PubAck is {"stream":…,"seq":…}; a failure is {"error":{…}}.
            if (reply.Data is { } data && data.AsSpan().IndexOf("\"error\""u8) >= 0)
            {
                _firstError ??= System.Text.Encoding.UTF8.GetString(data);
                Interlocked.Increment(ref _failed);
            }
            else
            {
                Interlocked.Increment(ref _acked);
            }

            OnReply?.Invoke();
            _window.Release();
        }
    }

    /// <summary>Waits for room in the window, then sends; returns once the message is in the connection's write buffer.</summary>
    public async ValueTask PublishAsync(byte[] value, CancellationToken cancellationToken = default)
    {
        await _window.WaitAsync(cancellationToken);
        await _connection.PublishAsync(_subject, value, replyTo: _inbox, cancellationToken: cancellationToken);
    }

    /// <summary>Waits until every publish so far has its reply, or <paramref name="timeout"/> passes; false on timeout.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var taken = 0;
        try
        {
            for (; taken < _windowSize; taken++)
            {
                await _window.WaitAsync(deadline.Token);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            _window.Release(taken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _acks.UnsubscribeAsync();
        await _reader;
        await _acks.DisposeAsync();
        _window.Dispose();
    }
}
