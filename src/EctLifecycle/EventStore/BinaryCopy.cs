using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EctLifecycle.EventStore;

/// <summary>
/// Rows in PostgreSQL's binary COPY format (a signature, then per row a field count and each field's length and bytes,
/// then a trailer: "COPY", section "Binary Format" of PostgreSQL's manual), written straight into one buffer that is sent
/// whole. The import's event rows go this way: writing each value through the driver's importer was most of the
/// write's CPU (an async call and a type lookup per value, ten values per event).
/// </summary>
internal sealed class BinaryCopy : IBufferWriter<byte>
{
    private static readonly byte[] Signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private byte[] _data;
    private int _length;

    public BinaryCopy(int capacity)
    {
        _data = new byte[Math.Max(capacity, 1024)];
        Signature.CopyTo(_data, 0);
        _length = Signature.Length;
        Int32Raw(0); // flags
        Int32Raw(0); // header extension
    }

    public void StartRow(short fields) => BinaryPrimitives.WriteInt16BigEndian(Take(2), fields);

    public void Int64(long value)
    {
        Int32Raw(8);
        BinaryPrimitives.WriteInt64BigEndian(Take(8), value);
    }

    /// <summary>An int64 whose value is not known yet: its place, for <see cref="Patch"/>.</summary>
    public int Int64Later()
    {
        Int32Raw(8);
        var at = _length;
        Take(8);
        return at;
    }

    /// <summary>Writes the value of an int64 left for later at <paramref name="at"/>.</summary>
    public void Patch(int at, long value) => BinaryPrimitives.WriteInt64BigEndian(_data.AsSpan(at, 8), value);

    public void Boolean(bool value)
    {
        Int32Raw(1);
        Take(1)[0] = value ? (byte)1 : (byte)0;
    }

    /// <summary>A uuid, in the RFC's (big-endian) byte order PostgreSQL stores.</summary>
    public void Uuid(Guid value)
    {
        Int32Raw(16);
        value.TryWriteBytes(Take(16), bigEndian: true, out _);
    }

    public void Uuid(ReadOnlySpan<byte> bigEndian)
    {
        Int32Raw(16);
        bigEndian[..16].CopyTo(Take(16));
    }

    /// <summary>timestamptz: microseconds since 2000-01-01 UTC.</summary>
    public void TimestampTz(DateTimeOffset value)
    {
        Int32Raw(8);
        BinaryPrimitives.WriteInt64BigEndian(Take(8), (value.UtcTicks - PostgresEpochTicks) / 10);
    }

    /// <summary>A text (varchar, text) already in UTF-8.</summary>
    public void Text(ReadOnlySpan<byte> utf8)
    {
        Int32Raw(utf8.Length);
        utf8.CopyTo(Take(utf8.Length));
    }

    /// <summary>A jsonb written by <paramref name="write"/> into this buffer: its version byte, then the JSON's UTF-8.</summary>
    public void Jsonb(Action<IBufferWriter<byte>> write)
    {
        var lengthAt = _length;
        Int32Raw(0);
        Take(1)[0] = 1;
        write(this);
        BinaryPrimitives.WriteInt32BigEndian(_data.AsSpan(lengthAt, 4), _length - lengthAt - 4);
    }

    /// <summary>The rows with the trailer, to send.</summary>
    public ReadOnlyMemory<byte> Finish()
    {
        BinaryPrimitives.WriteInt16BigEndian(Take(2), -1);
        return _data.AsMemory(0, _length);
    }

    /// <summary>
    /// <paramref name="count"/> version 7 uuids (RFC 9562: the time in milliseconds, then random bits), in big-endian
    /// order, drawn at once: <see cref="Guid.CreateVersion7()"/> draws its random bytes one uuid at a time.
    /// </summary>
    public static byte[] Version7Ids(int count, DateTimeOffset now)
    {
        var ids = new byte[count * 16];
        RandomNumberGenerator.Fill(ids);
        var ms = now.ToUnixTimeMilliseconds();
        for (var i = 0; i < count; i++)
        {
            var id = ids.AsSpan(i * 16, 16);
            for (var b = 0; b < 6; b++) id[b] = (byte)(ms >> (8 * (5 - b)));
            id[6] = (byte)(0x70 | (id[6] & 0x0F));
            id[8] = (byte)(0x80 | (id[8] & 0x3F));
        }
        return ids;
    }

    private void Int32Raw(int value) => BinaryPrimitives.WriteInt32BigEndian(Take(4), value);

    private Span<byte> Take(int count)
    {
        var span = GetSpan(count)[..count];
        _length += count;
        return span;
    }

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 256));
        return _data.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 256));
        return _data.AsSpan(_length);
    }

    private void Ensure(int more)
    {
        if (_length + more <= _data.Length) return;
        Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + more));
    }
}
