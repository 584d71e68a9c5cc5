using System.Collections;
using System.Reflection;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;

namespace Stormline.Broker.Tests.Protocol;

/// <summary>
/// Every generated message, at every version it defines: a message filled with arbitrary values is written, read back
/// and written again, and both encodings are the same bytes, with nothing left unread. A read that skipped or
/// misplaced a field (wrong version bound, compact where classic was due, a tagged field out of place) breaks this.
/// </summary>
public sealed class GeneratedCodecRoundTripTests
{
    public static TheoryData<string, short> MessagesAndVersions()
    {
        var data = new TheoryData<string, short>();
        foreach (var type in MessageTypes())
        {
            var lowest = (short)type.GetField("LowestVersion")!.GetValue(null)!;
            var highest = (short)type.GetField("HighestVersion")!.GetValue(null)!;
            for (var v = lowest; v <= highest; v++)
            {
                data.Add(type.Name, v);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MessagesAndVersions))]
    public void Filled_message_survives_write_read_write(string message, short version)
    {
        var type = MessageTypes().Single(t => t.Name == message);
        var filled = Fill(type, new Random(HashCode.Combine(message.Length, message[0], version)), depth: 0);
        AssertRoundTrip(type, filled, version);
    }

    [Theory]
    [MemberData(nameof(MessagesAndVersions))]
    public void Default_message_survives_write_read_write(string message, short version)
    {
        var type = MessageTypes().Single(t => t.Name == message);
        AssertRoundTrip(type, Activator.CreateInstance(type)!, version);
    }

    [Fact]
    public void Every_definition_generates_a_type()
    {
        var (definitions, _) = Stormline.Broker.Codegen.MessageGenerator.RepositoryPaths(AppContext.BaseDirectory);
        Assert.Equal(
            Directory.GetFiles(definitions, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal),
            MessageTypes().Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<Type> MessageTypes() =>
        typeof(HeartbeatRequest).Assembly.GetTypes().Where(t => t.Namespace == typeof(HeartbeatRequest).Namespace && t.IsClass && !t.IsNested);

    private static void AssertRoundTrip(Type type, object value, short version)
    {
        var first = Encode(value, version);
        var reader = new KafkaReader(first);
        var decoded = type.GetMethod("Read")!.Invoke(null, [reader, version])!;
        Assert.Equal(0, reader.Remaining);
        Assert.Equal(Convert.ToHexString(first), Convert.ToHexString(Encode(decoded, version)));
    }

    private static byte[] Encode(object message, short version)
    {
        using var writer = new KafkaWriter();
        message.GetType().GetMethod("Write")!.Invoke(message, [writer, version]);
        return writer.WrittenMemory.ToArray();
    }

    private static object Fill(Type type, Random random, int depth)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            property.SetValue(instance, Value(property.PropertyType, random, depth));
        }

        return instance;
    }

    private static object Value(Type type, Random random, int depth)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(bool)) return random.Next(2) == 1;
        if (underlying == typeof(sbyte)) return (sbyte)random.Next(sbyte.MinValue, sbyte.MaxValue);
        if (underlying == typeof(short)) return (short)random.Next(short.MinValue, short.MaxValue);
        if (underlying == typeof(ushort)) return (ushort)random.Next(ushort.MaxValue);
        if (underlying == typeof(int)) return random.Next(int.MinValue, int.MaxValue);
        if (underlying == typeof(uint)) return (uint)random.NextInt64(uint.MaxValue);
        if (underlying == typeof(long)) return random.NextInt64(long.MinValue, long.MaxValue);
        if (underlying == typeof(double)) return random.NextDouble();
        if (underlying == typeof(ErrorCode)) return (ErrorCode)random.Next(-1, 120);
        if (underlying == typeof(Guid)) return new Guid(Bytes(random, 16));
        if (underlying == typeof(string)) return new string('a', random.Next(1, 6)) + random.Next(1000);
        if (underlying == typeof(ReadOnlyMemory<byte>)) return new ReadOnlyMemory<byte>(Bytes(random, random.Next(1, 6)));
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(List<>))
        {
            var list = (IList)Activator.CreateInstance(underlying)!;
            var count = depth > 3 ? 0 : random.Next(1, 3);
            for (var i = 0; i < count; i++)
            {
                list.Add(Value(underlying.GetGenericArguments()[0], random, depth + 1));
            }

            return list;
        }

        return Fill(underlying, random, depth + 1);
    }

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
