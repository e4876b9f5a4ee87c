namespace EctLifecycle.Portfolio;

/// <summary>
/// A file as it is read, counting the bytes read (wherever they are: a zip is read from its directory, at its end, and
/// may be read more than once). Read-only; seeking passes through.
/// </summary>
public class CountedStream(Stream inner) : Stream
{
    protected Stream Inner => inner;

    public long BytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));
    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

    private int Counted(int read)
    {
        BytesRead += read;
        OnRead();
        return read;
    }

    /// <summary>Called after each read, <see cref="BytesRead"/> counting it.</summary>
    protected virtual void OnRead() { }

    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
