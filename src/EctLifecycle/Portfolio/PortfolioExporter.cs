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
    /// Writes the whole portfolio to <paramref name="output"/> in the import format, and returns how much of it. A zip of CSV
    /// files is written without holding the portfolio (<see cref="WriteCsvZipAsync"/>). A workbook is built in memory, after
    /// a first reading that counts its rows and keeps none: past what Excel opens in a sheet, it is refused there
    /// (<see cref="TooManyRowsForXlsxException"/>, nothing written), without having held the rows.
    /// </summary>
    public static async Task<ExportCounts> WriteAsync(IQuerySession session, Stream output, PortfolioFormat format, CancellationToken ct)
    {
        if (format == PortfolioFormat.CsvZip) return await WriteCsvZipAsync(session, output, ct);
        await CountAsync(session, XlsxRowsPerSheet, ct);
        // Checked again while the rows are read: milestones logged since the count may pass the limit.
        var file = await ExportAsync(session, ct, XlsxRowsPerSheet);
        PortfolioFormats.Write(file, output, format);
        return new(file.Projects.Count, file.Milestones.Count, file.Assessments.Count);
    }

    /// <summary>Every sheet's rows counted, none kept; past <paramref name="maxRowsPerSheet"/> in a sheet, the reading stops there.</summary>
    public static async Task<ExportCounts> CountAsync(IQuerySession session, int maxRowsPerSheet, CancellationToken ct)
    {
        var (projects, milestones, assessments) = (0, 0, 0);
        await foreach (var timeline in session.EachTimelineAsync(ct))
        {
            if (RowsOf(timeline) is not var (_, rows)) continue;
            (projects, milestones, assessments) = (projects + 1, milestones + rows.Milestones.Count, assessments + rows.Assessments.Count);
            Check(milestones, assessments, maxRowsPerSheet);
        }
        return new(projects, milestones, assessments);
    }

    private static void Check(int milestones, int assessments, int maxRowsPerSheet)
    {
        if (milestones > maxRowsPerSheet) throw new TooManyRowsForXlsxException(PortfolioSchema.Milestones, milestones, maxRowsPerSheet);
        if (assessments > maxRowsPerSheet) throw new TooManyRowsForXlsxException(PortfolioSchema.Assessments, assessments, maxRowsPerSheet);
    }

    /// <summary>
    /// Every project read a chunk at a time (<see cref="EventStoreReads.EachTimelineAsync"/>): only the file's rows are held,
    /// not every timeline besides them. Past <paramref name="maxRowsPerSheet"/> rows in a sheet, the reading stops
    /// (<see cref="TooManyRowsForXlsxException"/>).
    /// </summary>
    public static async Task<PortfolioFile> ExportAsync(IQuerySession session, CancellationToken ct, int maxRowsPerSheet = int.MaxValue)
    {
        var projects = new List<(string Key, PortfolioFile Rows)>();
        var (milestones, assessments) = (0, 0);
        await foreach (var timeline in session.EachTimelineAsync(ct))
        {
            if (RowsOf(timeline) is not { } rows) continue;
            projects.Add(rows);
            (milestones, assessments) = (milestones + rows.Rows.Milestones.Count, assessments + rows.Rows.Assessments.Count);
            Check(milestones, assessments, maxRowsPerSheet);
        }
        return ToFile(projects);
    }

    /// <summary>
    /// The zip of CSV files without holding the portfolio: every project read a chunk at a time, its rows appended to a
    /// temporary file per sheet (each project's place noted), then each sheet copied into the zip in the keys' order. The
    /// same CSV files, byte for byte, as <see cref="CsvSheets.WriteZip"/> writes from the whole file in memory.
    /// </summary>
    public static async Task<ExportCounts> WriteCsvZipAsync(IQuerySession session, Stream output, CancellationToken ct)
    {
        var sheets = PortfolioSchema.Sheets;
        var parts = new FileStream[sheets.Count];
        try
        {
            for (var i = 0; i < parts.Length; i++) parts[i] = TemporaryFile();
            var places = new List<(string Key, long[] Ends)>();
            var counts = new int[sheets.Count];
            var writers = parts.Select(p => CsvFiles.Writer(p, byteOrderMark: false)).ToArray();
            await foreach (var timeline in session.EachTimelineAsync(ct))
            {
                if (RowsOf(timeline) is not var (key, rows)) continue;
                var ends = new long[sheets.Count];
                for (var i = 0; i < sheets.Count; i++)
                {
                    var sheet = rows.RowsOf(sheets[i]);
                    foreach (var row in sheet) CsvSheets.WriteRow(writers[i], sheets[i], row);
                    writers[i].Flush();
                    ends[i] = parts[i].Position;
                    counts[i] += sheet.Count;
                }
                places.Add((key, ends));
            }
            foreach (var writer in writers) writer.Dispose();
            // Each project's rows run from the end of the previous project's to its own.
            var ordered = places.Select((p, i) => (p.Key, Starts: i == 0 ? new long[sheets.Count] : places[i - 1].Ends, p.Ends))
                .OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            var buffer = new byte[1 << 16];
            using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
                for (var i = 0; i < sheets.Count; i++)
                {
                    await using var entry = zip.CreateEntry(CsvSheets.EntryName(sheets[i])).Open();
                    using (var header = CsvFiles.Writer(entry)) CsvSheets.WriteHeader(header, sheets[i]);
                    foreach (var (_, starts, ends) in ordered)
                    {
                        parts[i].Position = starts[i];
                        for (var left = ends[i] - starts[i]; left > 0;)
                        {
                            var read = await parts[i].ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct);
                            if (read == 0) throw new EndOfStreamException("a temporary file of the export ended before its rows");
                            await entry.WriteAsync(buffer.AsMemory(0, read), ct);
                            left -= read;
                        }
                    }
                }
            return new(counts[0], counts[1], counts[2]);
        }
        finally
        {
            foreach (var part in parts) if (part is not null) await part.DisposeAsync();
        }
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

    public static PortfolioFile ToFile(IEnumerable<ProjectTimeline> timelines) =>
        ToFile(timelines.Select(RowsOf).OfType<(string, PortfolioFile)>().ToList());

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

    // The projects in the order of their keys, each row numbered as its sheet's line (the header is line 1).
    private static PortfolioFile ToFile(List<(string Key, PortfolioFile Rows)> projects)
    {
        var file = new PortfolioFile();
        foreach (var (_, rows) in projects.OrderBy(x => x.Key, StringComparer.Ordinal))
            foreach (var sheet in PortfolioSchema.Sheets)
            {
                var into = file.RowsOf(sheet);
                foreach (var row in rows.RowsOf(sheet)) into.Add(row with { Number = into.Count + 2 });
            }
        return file;
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
