using System.IO.Compression;
using System.Text;
using CsvHelper;

namespace EctLifecycle.Portfolio;

/// <summary>
/// The portfolio's sheets as CSV files (projects.csv, milestones.csv, assessments.csv) in a zip or a folder, read with
/// CsvHelper in the encoding <see cref="CsvEncodings"/> settles, written through <see cref="CsvFiles"/>.
/// </summary>
public static class CsvSheets
{
    internal static PortfolioFile ReadZip(ZipArchive zip, Encoding? encoding)
    {
        var file = new PortfolioFile();
        foreach (var sheet in PortfolioSchema.Sheets)
        {
            var entry = zip.Entries.FirstOrDefault(e =>
                e.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && sheet.Matches(Path.GetFileNameWithoutExtension(e.Name)));
            if (entry is null) { PortfolioFormats.MissingSheet(file, sheet); continue; }
            using var content = entry.Open();
            Read(content, entry.Name, sheet, file, encoding);
        }
        return file;
    }

    internal static PortfolioFile ReadFolder(string folder, Encoding? encoding)
    {
        var file = new PortfolioFile();
        foreach (var sheet in PortfolioSchema.Sheets)
        {
            var path = Directory.GetFiles(folder, "*.csv").FirstOrDefault(f => sheet.Matches(Path.GetFileNameWithoutExtension(f)));
            if (path is null) { PortfolioFormats.MissingSheet(file, sheet); continue; }
            using var content = File.OpenRead(path);
            Read(content, Path.GetFileName(path), sheet, file, encoding);
        }
        return file;
    }

    private static void Read(Stream content, string name, SheetSchema sheet, PortfolioFile file, Encoding? encoding)
    {
        using var input = CsvEncodings.Open(content, encoding, name, out var readAs);
        try
        {
            // The separator is detected (',' ';' tab): French spreadsheets save with ';'. The texts that repeat (dates,
            // types, labels, names) are one string each, from the reader's pool.
            using var csv = CsvReader.Create(input, new CsvReaderOptions
            {
                TrackLineNumbers = true, PoolStrings = true, Encoding = readAs, MaxRecordSize = ImportLimits.MaxCsvRecordBytes,
            }, leaveOpen: true);
            var columns = PortfolioFormats.MapHeaders(sheet, csv.Headers.ToArray(), file).ToArray();
            // The records are cut out of the input by one thread and made into rows on every core, in input order.
            using var cells = new ThreadLocal<List<KeyValuePair<string, string>>>(() => []);
            var rows = file.RowsOf(sheet);
            foreach (var row in csv.ParallelEnumerate(record => Row(record, columns, cells.Value!), -1))
                if (row is not null) rows.Add(row);
        }
        catch (Exception ex) when (Cause<PortfolioFileException>(ex) is { } refused) { throw refused; }
        catch (Exception ex) when (Cause<CsvFormatException>(ex) is { } malformed)
        {
            throw new PortfolioFileException($"« {name} » n'est pas un CSV lisible (ligne {malformed.LineNumber} : une ligne de plus de " +
                $"{ImportLimits.MaxCsvRecordBytes / 1024 / 1024} Mo, ou des guillemets jamais refermés) : rien n'a été importé");
        }
    }

    // The check of the bytes runs on the thread that reads the input, whose errors the parallel reading may wrap.
    private static T? Cause<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex is AggregateException { InnerExceptions.Count: 1 } one ? one.InnerExceptions[0] : ex.InnerException)
            if (ex is T found) return found;
        return null;
    }

    private static PortfolioRow? Row(CsvReader csv, KeyValuePair<int, Column>[] columns, List<KeyValuePair<string, string>> cells)
    {
        cells.Clear();
        foreach (var (index, column) in columns)
        {
            if (index >= csv.FieldCount) continue;
            var value = csv.GetString(index);
            if (!string.IsNullOrWhiteSpace(value)) PortfolioFormats.Set(cells, column.Field, CsvFiles.Restore(value));
        }
        return cells.Count > 0 ? new PortfolioRow((int)csv.LineNumber, cells) : null;
    }

    internal static void WriteZip(PortfolioFile file, Stream output)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var sheet in PortfolioSchema.Sheets)
        {
            using var entry = zip.CreateEntry(EntryName(sheet)).Open();
            using var csv = CsvFiles.Writer(entry);
            WriteHeader(csv, sheet);
            foreach (var row in file.RowsOf(sheet)) WriteRow(csv, sheet, row);
        }
    }

    /// <summary>The name of a sheet's file in a zip.</summary>
    internal static string EntryName(SheetSchema sheet) => $"{sheet.Name}.csv";

    internal static void WriteHeader(CsvHelper.CsvWriter csv, SheetSchema sheet) => csv.WriteRecord(sheet.Columns.Select(c => c.Header).ToArray());

    internal static void WriteRow(CsvHelper.CsvWriter csv, SheetSchema sheet, PortfolioRow row) =>
        csv.WriteRecord(sheet.Columns.Select(c => Cell(row[c.Field], c)).ToArray());

    // Numbers are the events' own (an amount, a count of jobs): only text can be a formula.
    private static string Cell(string? value, Column column) =>
        column.Kind == CellKind.Number ? value ?? "" : CsvFiles.Text(value);
}
