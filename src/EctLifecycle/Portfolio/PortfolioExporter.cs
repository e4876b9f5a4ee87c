using EctLifecycle.Timelines;
using EctLifecycle.Journal;
using EctLifecycle.Projects;
using Marten;

namespace EctLifecycle.Portfolio;

/// <summary>
/// Writes every project as the import format: the registration, then the effective milestones in business order
/// (retracted ones and retractions left out), so importing the export rebuilds the same state at every date.
/// </summary>
public static class PortfolioExporter
{
    /// <summary>The most data rows a sheet of an XLSX workbook holds (Excel's 1,048,576 lines, the header's aside).</summary>
    public const int XlsxRowsPerSheet = 1_048_575;

    /// <summary>
    /// Writes the whole portfolio to <paramref name="output"/> in the import format, and returns how much of it, without
    /// holding the portfolio: a zip of CSV files (<see cref="WriteCsvZipAsync"/>), or a workbook (<see cref="WriteXlsxAsync"/>),
    /// refused as soon as its spool passes what Excel opens in a sheet (<see cref="TooManyRowsForXlsxException"/>), before
    /// anything is written to <paramref name="output"/>.
    /// </summary>
    public static Task<ExportCounts> WriteAsync(IQuerySession session, Stream output, PortfolioFormat format, CancellationToken ct) =>
        format == PortfolioFormat.CsvZip ? WriteCsvZipAsync(session, output, ct) : WriteXlsxAsync(session, output, ct);

    private static void Check(int milestones, int assessments, int maxRowsPerSheet)
    {
        if (milestones > maxRowsPerSheet) throw new TooManyRowsForXlsxException(PortfolioSchema.Milestones, milestones, maxRowsPerSheet);
        if (assessments > maxRowsPerSheet) throw new TooManyRowsForXlsxException(PortfolioSchema.Assessments, assessments, maxRowsPerSheet);
    }

    /// <summary>
    /// The zip of CSV files without holding the portfolio (<see cref="SpoolAsync"/>): each sheet's CSV rows copied into the
    /// zip in the keys' order. The same CSV files, byte for byte, as <see cref="CsvSheets.WriteZip"/> writes from the whole
    /// file in memory.
    /// </summary>
    public static async Task<ExportCounts> WriteCsvZipAsync(IQuerySession session, Stream output, CancellationToken ct)
    {
        var sheets = PortfolioSchema.Sheets;
        await using var spool = await SpoolAsync(session, part => new CsvPart(part), int.MaxValue, ct);
        var buffer = new byte[1 << 16];
        using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            for (var i = 0; i < sheets.Count; i++)
            {
                await using var entry = zip.CreateEntry(CsvSheets.EntryName(sheets[i])).Open();
                using (var header = CsvFiles.Writer(entry)) CsvSheets.WriteHeader(header, sheets[i]);
                foreach (var (starts, ends) in spool.InKeysOrder)
                {
                    spool.Parts[i].Position = starts[i];
                    for (var left = ends[i] - starts[i]; left > 0;)
                    {
                        var read = await spool.Parts[i].ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct);
                        if (read == 0) throw new EndOfStreamException("a temporary file of the export ended before its rows");
                        await entry.WriteAsync(buffer.AsMemory(0, read), ct);
                        left -= read;
                    }
                }
            }
        return spool.Counts;
    }

    /// <summary>
    /// The workbook without holding the portfolio (<see cref="SpoolAsync"/>): each sheet's cells read back from its temporary
    /// file in the keys' order, one row at a time, as MiniExcel writes them (<see cref="XlsxSheets.Write(IReadOnlyDictionary{SheetSchema, IEnumerable{IReadOnlyList{string}}}, Stream)"/>).
    /// The same sheets, read back, as the workbook written from the whole file in memory. Past
    /// <paramref name="maxRowsPerSheet"/> rows in a sheet, the spool stops and nothing is written.
    /// </summary>
    public static async Task<ExportCounts> WriteXlsxAsync(IQuerySession session, Stream output, CancellationToken ct, int maxRowsPerSheet = XlsxRowsPerSheet)
    {
        var sheets = PortfolioSchema.Sheets;
        await using var spool = await SpoolAsync(session, part => new CellsPart(part), maxRowsPerSheet, ct);
        IEnumerable<IReadOnlyList<string>> Rows(int i)
        {
            using var cells = new BinaryReader(spool.Parts[i], System.Text.Encoding.UTF8, leaveOpen: true);
            foreach (var (starts, ends) in spool.InKeysOrder)
            {
                spool.Parts[i].Position = starts[i];
                while (spool.Parts[i].Position < ends[i])
                {
                    var row = new string[sheets[i].Columns.Count];
                    for (var c = 0; c < row.Length; c++) row[c] = cells.ReadString();
                    yield return row;
                }
            }
        }
        XlsxSheets.Write(Enumerable.Range(0, sheets.Count).ToDictionary(i => sheets[i], Rows), output);
        return spool.Counts;
    }

    /// <summary>
    /// Every project read a chunk at a time (<see cref="EventStoreReads.EachTimelineAsync"/>), its rows appended to a
    /// temporary file per sheet by the format's <paramref name="partOf"/>, and each project's place in them noted; the
    /// places then put in the keys' order. Past <paramref name="maxRowsPerSheet"/> rows in a sheet, the reading stops
    /// (<see cref="TooManyRowsForXlsxException"/>). Only the places are held, not the rows.
    /// </summary>
    private static async Task<Spool> SpoolAsync(IQuerySession session, Func<FileStream, ISpoolPart> partOf, int maxRowsPerSheet, CancellationToken ct)
    {
        var sheets = PortfolioSchema.Sheets;
        var spool = new Spool(new FileStream[sheets.Count]);
        try
        {
            for (var i = 0; i < sheets.Count; i++) spool.Parts[i] = TemporaryFile();
            var places = new List<(string Key, long[] Ends)>();
            var counts = new int[sheets.Count];
            var writers = spool.Parts.Select(partOf).ToArray();
            await foreach (var timeline in session.EachTimelineAsync(ct))
            {
                if (RowsOf(timeline) is not var (key, rows)) continue;
                var ends = new long[sheets.Count];
                for (var i = 0; i < sheets.Count; i++)
                {
                    var sheet = rows.RowsOf(sheets[i]);
                    foreach (var row in sheet) writers[i].Write(sheets[i], row);
                    ends[i] = writers[i].Flush();
                    counts[i] += sheet.Count;
                }
                places.Add((key, ends));
                Check(counts[1], counts[2], maxRowsPerSheet);
            }
            foreach (var writer in writers) writer.Dispose();
            // Each project's rows run from the end of the previous project's to its own.
            spool.InKeysOrder = places.Select((p, i) => (p.Key, Starts: i == 0 ? new long[sheets.Count] : places[i - 1].Ends, p.Ends))
                .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Starts, p.Ends)).ToList();
            spool.Counts = new(counts[0], counts[1], counts[2]);
            return spool;
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    /// <summary>The temporary file of each sheet, where each project's rows lie in them in the keys' order, and how many rows.</summary>
    private sealed class Spool(FileStream[] parts) : IAsyncDisposable
    {
        public FileStream[] Parts { get; } = parts;
        public List<(long[] Starts, long[] Ends)> InKeysOrder { get; set; } = [];
        public ExportCounts Counts { get; set; } = new(0, 0, 0);

        public async ValueTask DisposeAsync()
        {
            foreach (var part in Parts) if (part is not null) await part.DisposeAsync();
        }
    }

    /// <summary>How a format appends a sheet's rows to its temporary file; <see cref="Flush"/> answers where the rows end.</summary>
    private interface ISpoolPart : IDisposable
    {
        void Write(SheetSchema sheet, PortfolioRow row);
        long Flush();
    }

    // The rows as the zip's CSV file has them, copied as they are.
    private sealed class CsvPart(FileStream part) : ISpoolPart
    {
        private readonly CsvHelper.CsvWriter _csv = CsvFiles.Writer(part, byteOrderMark: false);
        public void Write(SheetSchema sheet, PortfolioRow row) => CsvSheets.WriteRow(_csv, sheet, row);
        public long Flush() { _csv.Flush(); return part.Position; }
        public void Dispose() => _csv.Dispose();
    }

    // Each row's cells as the workbook writes them (XlsxSheets.Cell), as length-prefixed strings.
    private sealed class CellsPart(FileStream part) : ISpoolPart
    {
        private readonly BinaryWriter _cells = new(part, System.Text.Encoding.UTF8, leaveOpen: true);
        public void Write(SheetSchema sheet, PortfolioRow row) { foreach (var c in sheet.Columns) _cells.Write(XlsxSheets.Cell(row, c)); }
        public long Flush() { _cells.Flush(); return part.Position; }
        public void Dispose() => _cells.Dispose();
    }

    /// <summary>
    /// A temporary file whose name is deleted as soon as it is open (the system keeps the file while it is open): what an
    /// export writes there, names of persons included, goes with the stream, even when the app is killed.
    /// </summary>
    public static FileStream TemporaryFile()
    {
        var path = Path.GetTempFileName();
        var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        File.Delete(path);
        return stream;
    }

    /// <summary>An export in the journal: who took the whole portfolio, under which name, and how much of it.</summary>
    public static Task JournalAsync(
        IDocumentStore store, TimeProvider time, string who, ExportCounts counts, string name, Dictionary<string, string>? details, CancellationToken ct)
    {
        var all = details ?? [];
        all["file"] = name;
        all["projects"] = $"{counts.Projects}";
        all["milestones"] = $"{counts.Milestones}";
        all["assessments"] = $"{counts.Assessments}";
        return Audit.RecordAsync(store, time, AuditKind.Export, who,
            $"Export du portefeuille « {name} » : {counts.Projects} projet(s), {counts.Milestones} jalon(s), {counts.Assessments} évaluation(s).",
            details: all, ct: ct);
    }

    /// <summary>
    /// The whole portfolio as one file in memory, the projects in the order of their keys, each row numbered as its sheet's
    /// line (the header is line 1): what the exports write without holding it (<see cref="WriteAsync"/>).
    /// </summary>
    public static PortfolioFile ToFile(IEnumerable<ProjectTimeline> timelines)
    {
        var file = new PortfolioFile();
        foreach (var (_, rows) in timelines.Select(RowsOf).OfType<(string Key, PortfolioFile Rows)>().OrderBy(x => x.Key, StringComparer.Ordinal))
            foreach (var sheet in PortfolioSchema.Sheets)
            {
                var into = file.RowsOf(sheet);
                foreach (var row in rows.RowsOf(sheet)) into.Add(row with { Number = into.Count + 2 });
            }
        return file;
    }

    // A project's rows as a file of its own, not numbered yet (numbered when the projects are put together).
    private static (string Key, PortfolioFile Rows)? RowsOf(ProjectTimeline timeline)
    {
        if (timeline.Registration?.Event is not ProjectRegistered registration) return null;
        var key = ProjectKey.Of(registration);
        var rows = new PortfolioFile();
        rows.Projects.Add(PortfolioRows.ProjectRow(key, registration));
        foreach (var entry in timeline.Effective())
        {
            switch (entry.Event)
            {
                case ProjectRegistered: break;
                case CriteriaAssessed a:
                    rows.Assessments.AddRange(PortfolioRows.AssessmentRows(key, a));
                    break;
                default:
                    rows.Milestones.Add(PortfolioRows.MilestoneRow(key, entry.Event));
                    break;
            }
        }
        return (key, rows);
    }
}

/// <summary>How much of the portfolio an export wrote.</summary>
public sealed record ExportCounts(int Projects, int Milestones, int Assessments);

/// <summary>A sheet of the portfolio has more rows than an XLSX workbook holds: nothing is written.</summary>
public sealed class TooManyRowsForXlsxException(SheetSchema sheet, int rows, int most) : Exception(
    $"le portefeuille a plus de {most.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))} lignes " +
    $"dans la feuille « {sheet.FrenchName} » ({rows.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))} lues, et la lecture s'est arrêtée là), " +
    "plus qu'un classeur XLSX n'en contient (la limite d'Excel et de LibreOffice) : exportez-le en zip de fichiers CSV, qui n'a pas de limite")
{
    public SheetSchema Sheet => sheet;
}
