using System.IO.Compression;
using System.Text;

namespace EctLifecycle.Tests.Support;

/// <summary>
/// Zip bombs for the import's tests, compressed straight into a temporary file as they are written (never held whole in
/// memory): gigabytes of zeros or of CSV rows in a few MB, and a workbook whose sheet does the same. Shared with the fault
/// suite, which measures the app's memory as a process.
/// </summary>
public static class ZipBombs
{
    public const string ProjectsHeader = "clé;nom;secteur;commune;résumé;date d'émergence;cadre d'émergence;rôle du pôle;inspiré d'un autre territoire\n";

    /// <summary>A temporary file, deleted when disposed.</summary>
    public sealed class Bomb(string path, long decompressedBytes) : IDisposable
    {
        public string Path { get; } = path;
        public long DecompressedBytes { get; } = decompressedBytes;
        public long Bytes => new FileInfo(Path).Length;
        public double Ratio => (double)DecompressedBytes / Bytes;
        public override string ToString() => $"{Bytes / 1024.0 / 1024:F1} MB expanding to {DecompressedBytes / 1024.0 / 1024:N0} MB (ratio {Ratio:N0})";
        public void Dispose() => File.Delete(Path);
    }

    /// <summary>projects.csv: its header, then <paramref name="megabytes"/> MB of zero bytes (about 1,000 to 1).</summary>
    public static Bomb Zeros(int megabytes) =>
        Write("bomb.zip", [("projects.csv", Encoding.UTF8.GetBytes(ProjectsHeader), _ => OneMegabyteOfZeros, megabytes)]);

    private static readonly byte[] OneMegabyteOfZeros = new byte[1 << 20];

    /// <summary>
    /// projects.csv of valid rows; <paramref name="numbered"/> rows differ (P1, P2…), so they compress about 25 to 1, under
    /// the ratio allowed, and only the decompressed total refuses them.
    /// </summary>
    public static Bomb CsvRows(int megabytes, bool numbered) =>
        Write("rows.zip", [("projects.csv", Encoding.UTF8.GetBytes(ProjectsHeader), chunk => Rows(chunk, numbered), megabytes)]);

    /// <summary>A workbook whose projects sheet is <paramref name="megabytes"/> MB of the same row.</summary>
    public static Bomb Workbook(int megabytes)
    {
        const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        byte[] Text(string s) => Encoding.UTF8.GetBytes(s);
        var row = Text("<row><c t=\"inlineStr\"><is><t>P1</t></is></c><c t=\"inlineStr\"><is><t>Épicerie du Val</t></is></c></row>");
        return Write("bomb.xlsx",
        [
            ("[Content_Types].xml", Text("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
                "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
                "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>"), null, 0),
            ("_rels/.rels", Text($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                $"<Relationship Id=\"rId1\" Type=\"{rels}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"), null, 0),
            ("xl/workbook.xml", Text($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{main}\" xmlns:r=\"{rels}\">" +
                "<sheets><sheet name=\"projects\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"), null, 0),
            ("xl/_rels/workbook.xml.rels", Text($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                $"<Relationship Id=\"rId1\" Type=\"{rels}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"), null, 0),
            ("xl/worksheets/sheet1.xml", Text($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{main}\"><sheetData>"),
                _ => Repeat(row), megabytes),
        ]);
    }

    private static Bomb Write(string name, (string Entry, byte[] Head, Func<long, byte[]>? Chunk, int Megabytes)[] entries)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ect-{Guid.NewGuid():N}-{name}");
        long total = 0;
        using (var file = File.Create(path))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            foreach (var (entryName, head, chunk, megabytes) in entries)
            {
                using var entry = zip.CreateEntry(entryName, CompressionLevel.Optimal).Open();
                entry.Write(head);
                total += head.Length;
                for (var i = 0L; chunk is not null && i < megabytes; i++)
                {
                    var bytes = chunk(i);
                    entry.Write(bytes);
                    total += bytes.Length;
                }
            }
        return new Bomb(path, total);
    }

    private static byte[] Rows(long chunk, bool numbered)
    {
        var text = new StringBuilder(1 << 20);
        for (var i = 0; text.Length < (1 << 20) - 200; i++)
            text.Append(numbered ? $"P{chunk}-{i};Projet {chunk * 100_000 + i};" : "P1;Épicerie du Val;")
                .Append("alimentation;Valfleuri;Épicerie solidaire;15/03/2016;structureNeed;animator;oui\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Repeat(byte[] row)
    {
        var chunk = new byte[1 << 20];
        for (var at = 0; at < chunk.Length; at += row.Length) row.AsSpan(0, Math.Min(row.Length, chunk.Length - at)).CopyTo(chunk.AsSpan(at));
        return chunk;
    }
}
