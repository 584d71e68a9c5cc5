namespace Stormline.Testing;

/// <summary>A record read back by the kit, with its position and headers (values copied, so it outlives the consumer).</summary>
public sealed record ConsumedRecord(
    string Topic,
    int Partition,
    long Offset,
    string? Key,
    string? Value,
    IReadOnlyList<KeyValuePair<string, byte[]>> Headers)
{
    /// <summary>The last header with this name as UTF-8, or null.</summary>
    public string? Header(string name)
    {
        for (var i = Headers.Count - 1; i >= 0; i--)
        {
            if (Headers[i].Key == name)
            {
                return System.Text.Encoding.UTF8.GetString(Headers[i].Value);
            }
        }

        return null;
    }
}
