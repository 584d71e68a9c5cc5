using System.Text;
using Confluent.Kafka;
using Stormline.Messaging.Headers;

namespace Stormline.OpsConsole.Messages;

/// <summary>One message as the console shows it: position, time, key, headers (as text) and the decoded value.</summary>
internal sealed record MessageRow(string Topic, int Partition, long Offset, DateTimeOffset Timestamp, string? Key, IReadOnlyList<HeaderRow> Headers, DecodedData Value)
{
    public string? Header(string name) => Headers.LastOrDefault(h => h.Name == name)?.Value;
}

internal sealed record HeaderRow(string Name, string Value);

/// <summary>
/// Builds <see cref="MessageRow"/>s: decodes key and value, masks the configured paths and the fields tagged as personal
/// data (by the registered schema, or by the model for the event its <c>event-type</c> header names), then scrubs the
/// masked values from the key, the headers (dead-letter error text among them) and a value shown as text.
/// </summary>
internal sealed class MessageRows(MessageDecoder decoder, FieldMask mask, ModelTags modelTags)
{
    /// <summary>Shorter values are not scrubbed from free text: "1" or "no" would blank out unrelated words.</summary>
    private const int MinScrubbed = 3;

    public async Task<MessageRow> FromAsync(ConsumeResult<byte[]?, byte[]?> record)
    {
        var value = await decoder.DecodeAsync(record.Message.Value);
        var key = await decoder.DecodeAsync(record.Message.Key);
        var headers = record.Message.Headers?.Select(h => new HeaderRow(h.Key, Encoding.UTF8.GetString(h.GetValueBytes() ?? []))).ToList() ?? [];
        var masked = new HashSet<string>(StringComparer.Ordinal);
        mask.Apply(value.Json, masked);
        var eventType = headers.LastOrDefault(h => h.Name is MessageHeaders.EventType or MessageHeaders.CeType)?.Value;
        (value.Tagged ?? modelTags.For(eventType)).Apply(value.Json, masked);
        key.Tagged?.Apply(key.Json, masked);
        var scrub = masked.Where(m => m.Length >= MinScrubbed && m != FieldMask.Masked).OrderByDescending(m => m.Length).ToList();
        if (scrub.Count > 0)
        {
            headers = headers.ConvertAll(h => h with { Value = Scrub(h.Value, scrub) });
            if (value.Text is not null) value = value with { Text = Scrub(value.Text, scrub) };
        }

        var keyText = key.Json?.ToJsonString() ?? key.Text;
        return new MessageRow(record.Topic, record.Partition.Value, record.Offset.Value, record.Message.Timestamp.UtcDateTime,
            keyText is null || scrub.Count == 0 ? keyText : Scrub(keyText, scrub), headers, value);
    }

    private static string Scrub(string text, List<string> values)
    {
        foreach (var value in values) text = text.Replace(value, FieldMask.Masked, StringComparison.Ordinal);
        return text;
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
