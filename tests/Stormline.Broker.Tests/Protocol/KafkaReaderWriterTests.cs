using Stormline.Broker.Protocol;

namespace Stormline.Broker.Tests.Protocol;

/// <summary>
/// The primitive encodings of the Kafka protocol guide ("Protocol Primitive Types"), checked byte for byte in both
/// directions: classic (int16/int32 lengths, -1 for null) and flexible (KIP-482: unsigned varints of length+1, 0 for
/// null, tagged-field sections).
/// </summary>
public sealed class KafkaReaderWriterTests
{
    [Fact]
    public void Classic_primitives_are_big_endian_with_int16_string_and_int32_bytes_and_array_lengths()
    {
        var bytes = Write(flexible: false, w =>
        {
            w.WriteInt8(-2);
            w.WriteBool(true);
            w.WriteInt16((short)0x0102);
            w.WriteInt32(0x01020304);
            w.WriteInt64(0x0102030405060708);
            w.WriteUuid(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"));
            w.WriteString("hé");
            w.WriteString(null);
            w.WriteBytes([9, 8]);
            w.WriteNullableBytes(null);
            w.WriteArray([7, 6], (w, i) => w.WriteInt32(i));
            w.WriteArray<int>(null, (w, i) => w.WriteInt32(i));
        });

        Assert.Equal(
            "FE" + "01" + "0102" + "01020304" + "0102030405060708" + "00112233445566778899AABBCCDDEEFF"
            + "0003" + "68C3A9" + "FFFF" + "00000002" + "0908" + "FFFFFFFF" + "00000002" + "00000007" + "00000006" + "FFFFFFFF",
            Convert.ToHexString(bytes));

        var r = new KafkaReader(bytes);
        Assert.Equal(-2, r.ReadInt8());
        Assert.True(r.ReadBool());
        Assert.Equal(0x0102, r.ReadInt16());
        Assert.Equal(0x01020304, r.ReadInt32());
        Assert.Equal(0x0102030405060708, r.ReadInt64());
        Assert.Equal(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), r.ReadUuid());
        Assert.Equal("hé", r.ReadString());
        Assert.Null(r.ReadNullableString());
        Assert.Equal([9, 8], r.ReadBytes().ToArray());
        Assert.Null(r.ReadNullableBytes());
        Assert.Equal([7, 6], r.ReadArray(x => x.ReadInt32()));
        Assert.Null(r.ReadNullableArray(x => x.ReadInt32()));
        Assert.Equal(0, r.Remaining);
    }

    [Fact]
    public void Flexible_strings_bytes_and_arrays_carry_length_plus_one_and_zero_for_null()
    {
        var bytes = Write(flexible: true, w =>
        {
            w.WriteString("abc");
            w.WriteString(string.Empty);
            w.WriteString(null);
            w.WriteBytes([1]);
            w.WriteNullableBytes(null);
            w.WriteArray([5], (w, i) => w.WriteInt8((sbyte)i));
            w.WriteArray<int>(null, (w, i) => w.WriteInt8((sbyte)i));
            w.WriteEmptyTaggedFields();
        });

        Assert.Equal("04616263" + "01" + "00" + "0201" + "00" + "0205" + "00" + "00", Convert.ToHexString(bytes));
        var r = new KafkaReader(bytes) { Flexible = true };
        Assert.Equal("abc", r.ReadString());
        Assert.Equal(string.Empty, r.ReadString());
        Assert.Null(r.ReadNullableString());
        Assert.Equal([1], r.ReadBytes().ToArray());
        Assert.Null(r.ReadNullableBytes());
        Assert.Equal([(sbyte)5], r.ReadArray(x => x.ReadInt8()));
        Assert.Null(r.ReadNullableArray(x => x.ReadInt8()));
        r.SkipTaggedFields();
        Assert.Equal(0, r.Remaining);
    }

    [Theory]
    [InlineData(0u, "00")]
    [InlineData(1u, "01")]
    [InlineData(127u, "7F")]
    [InlineData(128u, "8001")]
    [InlineData(300u, "AC02")]
    [InlineData(16_384u, "808001")]
    [InlineData(uint.MaxValue, "FFFFFFFF0F")]
    public void Unsigned_varints_use_seven_bits_per_byte_low_group_first(uint value, string hex)
    {
        var bytes = Write(flexible: true, w => w.WriteUnsignedVarInt(value));
        Assert.Equal(hex, Convert.ToHexString(bytes));
        var reader = new KafkaReader(bytes);
        Assert.Equal(value, reader.ReadUnsignedVarInt());
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Random_values_round_trip_in_both_encodings()
    {
        var random = new Random(7);
        for (var i = 0; i < 2_000; i++)
        {
            var flexible = random.Next(2) == 0;
            var text = random.Next(5) == 0 ? null : new string((char)random.Next(32, 0x3000), random.Next(0, 40));
            var blob = random.Next(5) == 0 ? (byte[]?)null : RandomBytes(random, random.Next(0, 300));
            var numbers = random.Next(5) == 0 ? null : Enumerable.Range(0, random.Next(0, 20)).Select(_ => random.NextInt64(long.MinValue, long.MaxValue)).ToList();
            var varint = (uint)random.NextInt64(0, uint.MaxValue + 1L);
            var bytes = Write(flexible, w =>
            {
                w.WriteString(text);
                // Not "blob is null ? null : blob.AsMemory()": that conditional is typed Memory<byte> (null converts
                // through byte[]), so null would arrive as an empty, non-null value.
                if (blob is null)
                {
                    w.WriteNullableBytes(null);
                }
                else
                {
                    w.WriteNullableBytes(blob);
                }

                w.WriteArray(numbers, (w, n) => w.WriteInt64(n));
                w.WriteUnsignedVarInt(varint);
            });

            var r = new KafkaReader(bytes) { Flexible = flexible };
            Assert.Equal(text, r.ReadNullableString());
            Assert.Equal(blob, r.ReadNullableBytes()?.ToArray());
            Assert.Equal(numbers, r.ReadNullableArray(x => x.ReadInt64()));
            Assert.Equal(varint, r.ReadUnsignedVarInt());
            Assert.Equal(0, r.Remaining);
        }
    }

    [Fact]
    public void Tagged_fields_are_skipped_whatever_their_tags_and_sizes()
    {
        // Two tags (0 with three bytes, 300 with none), then the next field.
        var bytes = Convert.FromHexString("02" + "00" + "03" + "AABBCC" + "AC02" + "00" + "0000002A");
        var flexible = new KafkaReader(bytes) { Flexible = true };
        flexible.SkipTaggedFields();
        Assert.Equal(42, flexible.ReadInt32());

        // Classic versions have no tag sections: skipping reads nothing.
        var classic = new KafkaReader(Convert.FromHexString("0000002A"));
        classic.SkipTaggedFields();
        Assert.Equal(42, classic.ReadInt32());
    }

    [Theory]
    [InlineData("01" + "00" + "05" + "AABB", "a tagged field longer than the frame")]
    [InlineData("01" + "00" + "FFFFFFFF0F", "a tagged field of 2^32-1 bytes")]
    [InlineData("FFFFFFFF0F", "2^32-1 tags in a two-byte frame")]
    [InlineData("8080808080", "a varint of more than five bytes")]
    public void A_hostile_tag_section_throws_a_protocol_exception(string hex, string what)
    {
        var reader = new KafkaReader(Convert.FromHexString(hex)) { Flexible = true };
        var error = Record.Exception(reader.SkipTaggedFields);
        Assert.True(error is ProtocolException, $"{what}: {error?.GetType().Name ?? "no exception"}");
    }

    [Theory]
    [InlineData(false, "0005616263", "a string longer than the frame")]
    [InlineData(false, "FFFE", "a string of length -2")]
    [InlineData(false, "7FFFFFFF", "an array of 2^31-1 elements in four bytes")]
    [InlineData(false, "80000000", "an array of length -2^31")]
    [InlineData(false, "00000010AABB", "bytes longer than the frame")]
    [InlineData(true, "FFFFFFFF0F", "a compact array of 2^32-2 elements")]
    [InlineData(true, "FFFFFFFF07", "a compact array of 2^31-2 elements")]
    [InlineData(true, "05AABB", "a compact array longer than the frame")]
    [InlineData(false, "00", "an array cut inside its length")]
    public void Lengths_beyond_the_frame_throw_a_protocol_exception_before_anything_is_allocated(bool flexible, string hex, string what)
    {
        var bytes = Convert.FromHexString(hex);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Record.Exception(() => new KafkaReader(bytes) { Flexible = flexible }.ReadNullableArray(r => r.ReadNullableString()));
        var stringError = Record.Exception(() => new KafkaReader(bytes) { Flexible = flexible }.ReadNullableString());
        var bytesError = Record.Exception(() => new KafkaReader(bytes) { Flexible = flexible }.ReadNullableBytes());
        Assert.True(error is ProtocolException || stringError is ProtocolException || bytesError is ProtocolException, $"{what} was accepted");
        Assert.All(new[] { error, stringError, bytesError }, e => Assert.True(e is null or ProtocolException, $"{what}: {e?.GetType().Name}"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 64 * 1024, $"{what} allocated memory");
    }

    [Fact]
    public void Reads_past_the_end_throw_a_protocol_exception_not_an_index_error()
    {
        var reader = new KafkaReader(new byte[3]);
        Assert.Throws<ProtocolException>(() => reader.ReadInt32());
        Assert.Throws<ProtocolException>(() => reader.ReadInt64());
        Assert.Throws<ProtocolException>(() => reader.ReadUuid());
        Assert.Equal(0, reader.ReadInt16());
        Assert.Throws<ProtocolException>(() => reader.ReadInt16());
    }

    [Fact]
    public void A_classic_string_longer_than_an_int16_length_cannot_be_written()
    {
        // 32,767 bytes of invalid UTF-8 read back as 32,767 U+FFFD, which take three bytes each to write.
        var decoded = new KafkaReader(Convert.FromHexString("7FFF" + string.Concat(Enumerable.Repeat("FF", short.MaxValue)))).ReadString();
        using var writer = new KafkaWriter();
        Assert.Throws<ProtocolException>(() => writer.WriteString(decoded));
        writer.Flexible = true;
        writer.WriteString(decoded);
        Assert.Equal(3 * short.MaxValue + 3, writer.Length);
    }

    [Fact]
    public void The_writer_grows_past_its_initial_capacity_and_patches_a_size_in_place()
    {
        using var writer = new KafkaWriter(4);
        writer.WriteInt32(0);
        for (var i = 0; i < 10_000; i++)
        {
            writer.WriteInt32(i);
        }

        writer.PatchInt32(0, writer.Length - 4);
        var reader = new KafkaReader(writer.WrittenMemory);
        Assert.Equal(40_000, reader.ReadInt32());
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(i, reader.ReadInt32());
        }
    }

    [Fact]
    public void The_writer_grows_past_the_pooled_size_into_its_own_buffer()
    {
        var blob = new byte[3 * 1024 * 1024 + 7];
        new Random(5).NextBytes(blob);
        using var writer = new KafkaWriter();
        writer.WriteBytes(blob);
        writer.WriteInt32(42);

        var reader = new KafkaReader(writer.WrittenMemory);
        Assert.Equal(blob, reader.ReadBytes().ToArray());
        Assert.Equal(42, reader.ReadInt32());
    }

    private static byte[] Write(bool flexible, Action<KafkaWriter> write)
    {
        using var writer = new KafkaWriter(1) { Flexible = flexible };
        write(writer);
        return writer.WrittenMemory.ToArray();
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
