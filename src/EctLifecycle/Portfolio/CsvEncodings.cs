using System.Text;

namespace EctLifecycle.Portfolio;

/// <summary>
/// The encodings the import reads CSV files in. A byte order mark says UTF-8 or UTF-16 by itself. Without one the file is
/// UTF-8, checked strictly, unless the person chose another encoding (the form's « encodage », the API's
/// <c>encoding</c>, the command line's <c>--encoding</c>): a file that is not what it is read as is refused, naming what
/// it looks like, so that no « Épicerie » is ever stored as « �picerie » or « Ã‰picerie ».
/// </summary>
public static class CsvEncodings
{
    // Windows-1252, what Excel saves "CSV" in on a French Windows, is not built into .NET.
    static CsvEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public const string Accepted = "utf-8, windows-1252 (ou latin1), utf-16le, utf-16be";

    /// <summary>The encoding a person names; true with null for none (or « auto »), false for a name it does not know.</summary>
    public static bool TryParse(string? name, out Encoding? encoding)
    {
        encoding = null;
        switch (name?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto": return true;
            case "utf-8" or "utf8": encoding = new UTF8Encoding(false); return true;
            // Files said to be Latin-1 are in practice Windows-1252, its superset (€, œ, ’ where Latin-1 has control codes).
            case "windows-1252" or "cp1252" or "1252" or "latin1" or "latin-1" or "iso-8859-1" or "ansi":
                encoding = Encoding.GetEncoding(1252); return true;
            case "iso-8859-15" or "latin9" or "latin-9": encoding = Encoding.GetEncoding(28605); return true;
            case "utf-16" or "utf-16le" or "utf16" or "unicode": encoding = Encoding.Unicode; return true;
            case "utf-16be": encoding = Encoding.BigEndianUnicode; return true;
            default: return false;
        }
    }

    /// <summary>
    /// A CSV file's bytes as CsvHelper reads them, checked as they are read; <paramref name="readAs"/> is the encoding to
    /// give CsvHelper (null: UTF-8, or the UTF-16 its byte order mark says).
    /// </summary>
    public static Stream Open(Stream raw, Encoding? chosen, string name, out Encoding? readAs)
    {
        var stream = new CheckedCsvStream(raw, name);
        var head = stream.Head;
        if (head.StartsWith([(byte)0xFF, (byte)0xFE]) || head.StartsWith([(byte)0xFE, (byte)0xFF]))
        {
            readAs = null;
            stream.Expect = CheckedCsvStream.Expected.Anything;
        }
        else if (head.StartsWith([(byte)0xEF, (byte)0xBB, (byte)0xBF]) || chosen is null or UTF8Encoding)
        {
            readAs = null;
            stream.Expect = CheckedCsvStream.Expected.Utf8;
        }
        else
        {
            readAs = chosen;
            stream.Expect = chosen is UnicodeEncoding ? CheckedCsvStream.Expected.Anything : CheckedCsvStream.Expected.SingleByte;
            stream.Chosen = chosen.WebName;
        }
        return stream;
    }
}
