namespace Stormline.OpsConsole.Tracing;

/// <summary>
/// The spans services exported to the console over OTLP, newest kept: a bounded buffer (oldest traces dropped first),
/// looked up by trace id for the order journey. Thread-safe.
/// </summary>
internal sealed class SpanStore(int capacity = 50_000)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<ReceivedSpan>> _byTrace = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private int _count;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public void Add(IEnumerable<ReceivedSpan> spans)
    {
        lock (_lock)
        {
            foreach (var span in spans)
            {
                if (!_byTrace.TryGetValue(span.TraceId, out var list))
                {
                    _byTrace[span.TraceId] = list = [];
                    _order.Enqueue(span.TraceId);
                }

                list.Add(span);
                _count++;
            }

            while (_count > capacity && _order.TryDequeue(out var oldest))
            {
                _count -= _byTrace.Remove(oldest, out var dropped) ? dropped.Count : 0;
            }
        }
    }

    /// <summary>The trace's spans by start time; empty when none were received.</summary>
    public IReadOnlyList<ReceivedSpan> Trace(string traceId)
    {
        lock (_lock)
        {
            return _byTrace.TryGetValue(traceId, out var list) ? list.OrderBy(s => s.Start).ToList() : [];
        }
    }
}
