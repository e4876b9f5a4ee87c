using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace EctLifecycle.Portfolio;

/// <summary>
/// A CSV file's bytes, passed on to CsvHelper unchanged, checked on the way against the encoding they are read as
/// (see <see cref="CsvEncodings"/>). A refusal is a <see cref="PortfolioFileException"/> naming the line and what the
/// file looks like. The check runs over each buffer CsvHelper asks for: nothing of the file is kept.
/// </summary>
internal sealed class CheckedCsvStream : Stream
{
    public enum Expected { Utf8, SingleByte, Anything }

    private readonly Stream _inner;
    private readonly string _name;
    private readonly byte[] _head = new byte[4];
    private readonly int _headLength;
    private int _headServed;
    // The first bytes of a character cut by the end of a buffer, checked with the next one.
    private readonly byte[] _carried = new byte[4];
    private int _carriedLength;
    private long _line = 1;
    private bool _stillUtf8 = true, _nonAscii;

    public CheckedCsvStream(Stream inner, string name)
    {
        (_inner, _name) = (inner, name);
        _headLength = inner.ReadAtLeast(_head, _head.Length, throwOnEndOfStream: false);
    }

    /// <summary>The first bytes (up to 4), where a byte order mark would be.</summary>
    public ReadOnlySpan<byte> Head => _head.AsSpan(0, _headLength);
    public Expected Expect { get; set; }
    public string Chosen { get; set; } = "";

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        if (_headServed < _headLength)
        {
            n = Math.Min(buffer.Length, _headLength - _headServed);
            _head.AsSpan(_headServed, n).CopyTo(buffer);
            _headServed += n;
        }
        else n = _inner.Read(buffer);
        if (n == 0) End();
        else Check(buffer[..n]);
        return n;
    }

    private void Check(ReadOnlySpan<byte> bytes)
    {
        if (Expect == Expected.Anything) return;
        if (bytes.Contains((byte)0))
            throw Refused($"contient des octets nuls (ligne {_line + bytes[..bytes.IndexOf((byte)0)].Count((byte)'\n')}) : il semble encodé " +
                "en UTF-16 sans marque d'ordre des octets ; choisissez l'encodage utf-16le (ou utf-16be), ou enregistrez-le en « CSV UTF-8 »");
        _nonAscii |= !Ascii.IsValid(bytes);
        if (_stillUtf8 && FirstInvalidUtf8(bytes) is var bad and >= 0)
        {
            _stillUtf8 = false;
            if (Expect == Expected.Utf8)
                throw Refused($"n'est pas en UTF-8 (octet 0x{bytes[bad]:X2}, ligne {_line + bytes[..bad].Count((byte)'\n')}) : il semble encodé en " +
                    "Windows-1252 (Latin-1), comme l'enregistre Excel sous Windows ; choisissez l'encodage windows-1252, ou enregistrez-le en « CSV UTF-8 »");
        }
        _line += bytes.Count((byte)'\n');
    }

    private void End()
    {
        if (Expect == Expected.Utf8 && _carriedLength > 0)
            throw Refused("n'est pas en UTF-8 (il finit au milieu d'un caractère) : choisissez son encodage, ou enregistrez-le en « CSV UTF-8 »");
        // Accented text that is valid UTF-8 is UTF-8: read as Windows-1252, « é » would be stored as « Ã© ».
        if (Expect == Expected.SingleByte && _stillUtf8 && _carriedLength == 0 && _nonAscii)
            throw Refused($"est en UTF-8 (ses accents s'écrivent sur plusieurs octets) et non en {Chosen} : « é » y deviendrait « Ã© » ; " +
                "choisissez l'encodage utf-8");
    }

    /// <summary>Where the first byte that is not UTF-8 is in <paramref name="bytes"/> (-1: none), a character cut by its end kept for later.</summary>
    private int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (_carriedLength > 0)
        {
            // Finish the character the last buffer cut, from the first bytes of this one.
            var need = SequenceLength(_carried[0]);
            var take = Math.Min(need - _carriedLength, bytes.Length);
            bytes[..take].CopyTo(_carried.AsSpan(_carriedLength));
            _carriedLength += take;
            if (_carriedLength < need) return -1;
            _carriedLength = 0;
            if (!Utf8.IsValid(_carried.AsSpan(0, need))) return 0;
            bytes = bytes[take..];
            var rest = FirstInvalidUtf8(bytes);
            return rest < 0 ? -1 : rest + take;
        }
        var cut = CutCharacter(bytes);
        var whole = bytes[..^cut];
        if (!Utf8.IsValid(whole))
        {
            for (var at = 0; at < whole.Length;)
            {
                if (System.Text.Rune.DecodeFromUtf8(whole[at..], out _, out var used) != OperationStatus.Done) return at;
                at += used;
            }
        }
        bytes[^cut..].CopyTo(_carried);
        _carriedLength = cut;
        return -1;
    }

    /// <summary>How many bytes at the end begin a character that goes on in the next buffer.</summary>
    private static int CutCharacter(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80) continue;
            return SequenceLength(b) > back ? back : 0;
        }
        return 0;
    }

    private static int SequenceLength(byte lead) => lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;

    private PortfolioFileException Refused(string why) => new($"« {_name} » {why} : rien n'a été importé");

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
