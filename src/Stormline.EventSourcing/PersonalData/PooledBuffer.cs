using System.Buffers;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// A growable byte buffer on arrays from <see cref="ArrayPool{T}.Shared"/>: one per seal or reveal call, reused for
/// every event and field in it, returned when the call ends. Not thread-safe.
/// </summary>
internal sealed class PooledBuffer(int initialSize = 1024) : IBufferWriter<byte>, IDisposable
{
    private byte[] _array = ArrayPool<byte>.Shared.Rent(initialSize);

    private int _used; // the most ever written, cleared before the array goes back

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Advance(bytes.Length);
    }

    public void Advance(int count)
    {
        Length += count;
        _used = Math.Max(_used, Length);
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _array.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _array.AsSpan(Length);
    }

    private void Reserve(int sizeHint)
    {
        if (_array.Length - Length >= Math.Max(sizeHint, 1)) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, Length + sizeHint));
        WrittenSpan.CopyTo(bigger);
        Return();
        _array = bigger;
    }

    public void Dispose()
    {
        if (_array.Length == 0) return;
        Return();
        _array = [];
        Length = 0;
    }

    /// <summary>Clears what was written (it held personal data) and gives the array back.</summary>
    private void Return()
    {
        _array.AsSpan(0, _used).Clear();
        _used = 0;
        ArrayPool<byte>.Shared.Return(_array);
    }
}
