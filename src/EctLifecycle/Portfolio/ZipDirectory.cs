using System.Buffers.Binary;

namespace EctLifecycle.Portfolio;

/// <summary>
/// Counts a zip's entries by walking the records of its central directory, before .NET's <c>ZipArchive</c> reads them:
/// it keeps every record in memory and only then compares their number with the one the archive declares, so a small
/// upload of a million empty entries would cost hundreds of MB. The walk stops one record past the limit.
/// </summary>
public static class ZipDirectory
{
    private const uint EndSignature = 0x06054b50, Zip64LocatorSignature = 0x07064b50, Zip64EndSignature = 0x06064b50;
    private const uint RecordSignature = 0x02014b50;
    private const int EndLength = 22, RecordLength = 46;

    /// <summary>The number of entries, at most <paramref name="stopAfter"/> + 1; null when the stream ends with no zip directory.</summary>
    public static int? CountEntries(Stream zip, int stopAfter)
    {
        try { return Directory(zip) is { } start ? Walk(zip, start, stopAfter) : null; }
        finally { zip.Position = 0; }
    }

    /// <summary>Where the central directory starts, read from the end record (a comment may follow it: up to 64 KB).</summary>
    private static long? Directory(Stream zip)
    {
        var tail = (int)Math.Min(zip.Length, EndLength + ushort.MaxValue);
        if (tail < EndLength) return null;
        var bytes = new byte[tail];
        zip.Position = zip.Length - tail;
        zip.ReadExactly(bytes);
        for (var at = tail - EndLength; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) != EndSignature) continue;
            long start = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 16));
            if (start != uint.MaxValue) return start;
            // Zip64: the locator just before the end record points at the zip64 end record, which holds the offset.
            var locator = at - 20;
            if (locator < 0 || BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(locator)) != Zip64LocatorSignature) return null;
            var record = new byte[56];
            zip.Position = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(locator + 8));
            if (zip.Position > zip.Length - record.Length) return null;
            zip.ReadExactly(record);
            return BinaryPrimitives.ReadUInt32LittleEndian(record) == Zip64EndSignature
                ? (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48)) : null;
        }
        return null;
    }

    private static int Walk(Stream zip, long start, int stopAfter)
    {
        var record = new byte[RecordLength];
        var count = 0;
        zip.Position = start;
        while (count <= stopAfter && zip.Position <= zip.Length - RecordLength)
        {
            zip.ReadExactly(record);
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) != RecordSignature) break;
            count++;
            // The record's name, extra field and comment follow its fixed part.
            zip.Position += BinaryPrimitives.ReadUInt16LittleEndian(record.AsSpan(28))
                + BinaryPrimitives.ReadUInt16LittleEndian(record.AsSpan(30)) + BinaryPrimitives.ReadUInt16LittleEndian(record.AsSpan(32));
        }
        return count;
    }
}
