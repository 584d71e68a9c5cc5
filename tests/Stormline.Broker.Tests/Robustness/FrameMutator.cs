using System.Buffers.Binary;

namespace Stormline.Broker.Tests.Robustness;

/// <summary>
/// Produces request payloads (header and body, without the size prefix) for fuzzing: valid requests of every
/// advertised API version from <see cref="RequestTemplates"/>, and mutations of them: bit flips, interesting bytes,
/// truncation, extension, hostile int16/int32/varint counts, foreign keys and versions, splices, repeats and noise.
/// Deterministic for a given <see cref="Random"/>, so a seed reproduces the sequence.
/// </summary>
internal sealed class FrameMutator(Random random, IReadOnlyList<(short Key, short Version)> advertised)
{
    private static readonly int[] InterestingInt32 = [0, 1, -1, -2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 1_000_000, 2_000_000_000, int.MaxValue, int.MinValue];
    private static readonly short[] InterestingInt16 = [0, 1, -1, -2, 0x7F, 0x80, 0xFF, 0x100, short.MaxValue, short.MinValue];
    private static readonly byte[][] HostileVarints = [[0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0xFE, 0xFF, 0xFF, 0xFF, 0x07], [0x80, 0x80, 0x80, 0x80, 0x08], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], [0x80, 0x94, 0xEB, 0xDC, 0x03]];

    public static readonly string[] Strategies = ["valid", "bitflip", "bytes", "truncate", "extend", "int32", "int16", "varint", "foreign-key", "version", "splice", "repeat", "random-body", "noise"];

    /// <summary>The next payload and how it was made; Key and Version are those of the template it started from.</summary>
    public (byte[] Payload, string Strategy, short Key, short Version) Next()
    {
        var (key, version) = advertised[random.Next(advertised.Count)];
        var valid = Valid(key, version);
        var strategy = Strategies[random.Next(Strategies.Length)];
        var payload = strategy switch
        {
            "valid" => valid,
            "bitflip" => BitFlip(valid),
            "bytes" => InterestingBytes(valid),
            "truncate" => valid[..random.Next(valid.Length)],
            "extend" => [.. valid, .. RandomBytes(random.Next(1, 64))],
            "int32" => Overwrite(valid, 4, span => BinaryPrimitives.WriteInt32BigEndian(span, InterestingInt32[random.Next(InterestingInt32.Length)])),
            "int16" => Overwrite(valid, 2, span => BinaryPrimitives.WriteInt16BigEndian(span, InterestingInt16[random.Next(InterestingInt16.Length)])),
            "varint" => Varint(valid),
            "foreign-key" => Header(valid, (short)random.Next(-3, 80), (short)random.Next(-2, 20)),
            "version" => Header(valid, key, (short)random.Next(-2, 20)),
            "splice" => Splice(valid),
            "repeat" => Repeat(valid),
            "random-body" => [.. valid.AsSpan(0, HeaderLength(valid)), .. RandomBytes(random.Next(0, 300))],
            _ => RandomBytes(random.Next(0, 200)),
        };

        // A second mutation now and then finds what one alone cannot (e.g. a long wait and a high min_bytes).
        if (strategy != "valid" && random.Next(8) == 0)
        {
            payload = BitFlip(payload);
        }

        return (payload, strategy, key, version);
    }

    /// <summary>A valid payload of (key, version); random bytes after a valid header if no template knows the API.</summary>
    public byte[] Valid(short key, short version)
    {
        var correlationId = random.Next();
        var template = RequestTemplates.Find(key);
        var frame = template is not null
            ? template.Frame(version, correlationId, random)
            : RequestFrames.Build(key, version, correlationId, flexible: false, w => w.WriteRaw(RandomBytes(random.Next(0, 64))));
        return frame[4..];
    }

    private byte[] BitFlip(byte[] payload)
    {
        var copy = payload.ToArray();
        if (copy.Length == 0)
        {
            return copy;
        }

        for (var i = random.Next(1, 5); i > 0; i--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private byte[] InterestingBytes(byte[] payload)
    {
        var copy = payload.ToArray();
        if (copy.Length == 0)
        {
            return copy;
        }

        for (var i = random.Next(1, 4); i > 0; i--)
        {
            copy[random.Next(copy.Length)] = (byte)(random.Next(4) switch { 0 => 0x00, 1 => 0xFF, 2 => 0x7F, _ => 0x80 });
        }

        return copy;
    }

    private byte[] Overwrite(byte[] payload, int width, SpanAction write)
    {
        var copy = payload.ToArray();
        if (copy.Length < width)
        {
            return copy;
        }

        write(copy.AsSpan(random.Next(copy.Length - width + 1), width));
        return copy;
    }

    private byte[] Varint(byte[] payload)
    {
        var varint = HostileVarints[random.Next(HostileVarints.Length)];
        var at = random.Next(payload.Length + 1);
        // Insert (shifts what follows) or overwrite (keeps the length): both are how a hostile compact length arrives.
        return random.Next(2) == 0 || at + varint.Length > payload.Length
            ? [.. payload.AsSpan(0, at), .. varint, .. payload.AsSpan(at)]
            : [.. payload.AsSpan(0, at), .. varint, .. payload.AsSpan(at + varint.Length)];
    }

    private static byte[] Header(byte[] payload, short key, short version)
    {
        var copy = payload.ToArray();
        BinaryPrimitives.WriteInt16BigEndian(copy, key);
        BinaryPrimitives.WriteInt16BigEndian(copy.AsSpan(2), version);
        return copy;
    }

    private byte[] Splice(byte[] payload)
    {
        var (key, version) = advertised[random.Next(advertised.Count)];
        var other = Valid(key, version);
        return [.. payload.AsSpan(0, random.Next(payload.Length + 1)), .. other.AsSpan(random.Next(other.Length + 1))];
    }

    private byte[] Repeat(byte[] payload)
    {
        if (payload.Length == 0)
        {
            return payload;
        }

        var start = random.Next(payload.Length);
        var chunk = payload.AsSpan(start, random.Next(1, Math.Min(32, payload.Length - start) + 1)).ToArray();
        var result = new List<byte>(payload.AsSpan(0, start).ToArray());
        for (var i = random.Next(2, 64); i > 0; i--)
        {
            result.AddRange(chunk);
        }

        result.AddRange(payload.AsSpan(start));
        return [.. result];
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Key, version, correlation id and the int16-length client id of a request header.</summary>
    private static int HeaderLength(byte[] payload)
    {
        var clientIdLength = BinaryPrimitives.ReadInt16BigEndian(payload.AsSpan(8));
        return 10 + Math.Max(0, (int)clientIdLength);
    }

    private delegate void SpanAction(Span<byte> span);
}
