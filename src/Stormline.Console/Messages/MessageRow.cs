using System.Text;
using Confluent.Kafka;

namespace Stormline.OpsConsole.Messages;

/// <summary>One message as the console shows it: position, time, key, headers (as text) and the decoded value.</summary>
internal sealed record MessageRow(string Topic, int Partition, long Offset, DateTimeOffset Timestamp, string? Key, IReadOnlyList<HeaderRow> Headers, DecodedData Value)
{
    public string? Header(string name) => Headers.LastOrDefault(h => h.Name == name)?.Value;
}

internal sealed record HeaderRow(string Name, string Value);

/// <summary>Builds <see cref="MessageRow"/>s: decodes key and value, then masks the configured fields.</summary>
internal sealed class MessageRows(MessageDecoder decoder, FieldMask mask)
{
    public async Task<MessageRow> FromAsync(ConsumeResult<byte[]?, byte[]?> record)
    {
        var value = await decoder.DecodeAsync(record.Message.Value);
        mask.Apply(value.Json);
        var headers = record.Message.Headers?.Select(h => new HeaderRow(h.Key, Encoding.UTF8.GetString(h.GetValueBytes() ?? []))).ToList() ?? [];
        return new MessageRow(record.Topic, record.Partition.Value, record.Offset.Value, record.Message.Timestamp.UtcDateTime,
            await decoder.KeyTextAsync(record.Message.Key), headers, value);
    }

    public async Task<List<MessageRow>> FromAsync(IEnumerable<ConsumeResult<byte[]?, byte[]?>> records)
    {
        var rows = new List<MessageRow>();
        foreach (var record in records)
        {
            rows.Add(await FromAsync(record));
        }

        return rows;
    }
}
