using System.Globalization;
using System.IO.Compression;
using CsvHelper;
using MiniExcelLibs;

namespace EctLifecycle.Portfolio;

public enum PortfolioFormat { Xlsx, CsvZip }

/// <summary>
/// Reads and writes the portfolio file: an XLSX workbook (MiniExcel) or the same three sheets as CSV files
/// (CsvHelper) in a folder or a zip. Headers are matched to columns; cells are kept as text.
/// </summary>
public static class PortfolioFormats
{
    public static PortfolioFormat FormatOfName(string fileName) =>
        fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? PortfolioFormat.CsvZip : PortfolioFormat.Xlsx;

    /// <summary>Reads a file or a folder of CSV files.</summary>
    public static PortfolioFile ReadPath(string path)
    {
        if (Directory.Exists(path)) return ReadCsvFolder(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"fichier introuvable : {path}", path);
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path));
    }

    /// <summary>Reads an XLSX workbook or a zip of CSV files, told apart by their content.</summary>
    public static PortfolioFile Read(Stream stream, string fileName)
    {
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        ZipArchive zip;
        try { zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException)
        {
            return Failed($"« {fileName} » n'est ni un classeur XLSX ni un zip de fichiers CSV (projects.csv, milestones.csv, assessments.csv)");
        }
        using (zip)
        {
            if (zip.GetEntry("xl/workbook.xml") is not null)
            {
                buffer.Position = 0;
                return ReadXlsx(buffer);
            }
            var file = new PortfolioFile();
            foreach (var sheet in PortfolioSchema.Sheets)
            {
                var entry = zip.Entries.FirstOrDefault(e =>
                    e.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && sheet.Matches(Path.GetFileNameWithoutExtension(e.Name)));
                if (entry is null) { MissingSheet(file, sheet); continue; }
                using var entryStream = entry.Open();
                ReadCsv(entryStream, sheet, file);
            }
            return file;
        }
    }

    private static PortfolioFile ReadCsvFolder(string folder)
    {
        var file = new PortfolioFile();
        foreach (var sheet in PortfolioSchema.Sheets)
        {
            var path = Directory.GetFiles(folder, "*.csv").FirstOrDefault(f => sheet.Matches(Path.GetFileNameWithoutExtension(f)));
            if (path is null) { MissingSheet(file, sheet); continue; }
            using var csvStream = File.OpenRead(path);
            ReadCsv(csvStream, sheet, file);
        }
        return file;
    }

    private static PortfolioFile Failed(string message)
    {
        var file = new PortfolioFile();
        file.FormatErrors.Add(new ImportError("fichier", 0, null, message));
        return file;
    }

    private static void MissingSheet(PortfolioFile file, SheetSchema sheet)
    {
        // Only the projects sheet is required: a file may add milestones to projects already imported.
        if (sheet == PortfolioSchema.Projects)
            file.FormatErrors.Add(new ImportError(sheet.Name, 0, null, $"feuille « {sheet.Name} » (ou « {sheet.FrenchName} ») introuvable"));
    }

    private static void ReadCsv(Stream stream, SheetSchema sheet, PortfolioFile file)
    {
        // The separator is detected (',' ';' tab): French spreadsheets save with ';'. The texts that repeat (dates,
        // types, labels, names) are one string each, from the reader's pool.
        using var csv = CsvReader.Create(stream, new CsvReaderOptions { TrackLineNumbers = true, PoolStrings = true }, leaveOpen: true);
        var columns = MapHeaders(sheet, csv.Headers.ToArray(), file).ToArray();
        // The records are cut out of the input by one thread and made into rows on every core, in input order.
        using var cells = new ThreadLocal<List<KeyValuePair<string, string>>>(() => []);
        var rows = file.RowsOf(sheet);
        foreach (var row in csv.ParallelEnumerate(record => Row(record, columns, cells.Value!), -1))
            if (row is not null) rows.Add(row);
    }

    private static PortfolioRow? Row(CsvReader csv, KeyValuePair<int, Column>[] columns, List<KeyValuePair<string, string>> cells)
    {
        cells.Clear();
        foreach (var (index, column) in columns)
        {
            if (index >= csv.FieldCount) continue;
            var value = csv.GetString(index);
            if (!string.IsNullOrWhiteSpace(value)) Set(cells, column.Field, CsvFiles.Restore(value));
        }
        return cells.Count > 0 ? new PortfolioRow((int)csv.LineNumber, cells) : null;
    }

    private static PortfolioFile ReadXlsx(Stream stream)
    {
        var file = new PortfolioFile();
        var names = MiniExcel.GetSheetNames(stream);
        foreach (var sheet in PortfolioSchema.Sheets)
        {
            var name = names.FirstOrDefault(sheet.Matches);
            if (name is null) { MissingSheet(file, sheet); continue; }
            stream.Position = 0;
            var rowNumber = 0;
            Dictionary<string, Column> columns = [];
            var texts = new CellTexts();
            var cells = new List<KeyValuePair<string, string>>();
            foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, sheetName: name))
            {
                rowNumber++;
                if (rowNumber == 1)
                {
                    var headers = row.Select(c => (c.Key, Header: Convert.ToString(c.Value, CultureInfo.InvariantCulture) ?? "")).ToList();
                    var byIndex = MapHeaders(sheet, headers.Select(h => h.Header).ToArray(), file);
                    columns = byIndex.ToDictionary(c => headers[c.Key].Key, c => c.Value);
                    continue;
                }
                cells.Clear();
                foreach (var (letter, column) in columns)
                    if (row.TryGetValue(letter, out var value) && CellText(value, column) is { Length: > 0 } t)
                        Set(cells, column.Field, texts.Shared(t));
                if (cells.Count > 0) file.RowsOf(sheet).Add(new PortfolioRow(rowNumber, cells));
            }
        }
        return file;
    }

    /// <summary>A cell by its field; a second column for the same field wins, as it did when rows were dictionaries.</summary>
    private static void Set(List<KeyValuePair<string, string>> cells, string field, string value)
    {
        for (var i = 0; i < cells.Count; i++)
            if (cells[i].Key == field)
            {
                cells[i] = new(field, value);
                return;
            }
        cells.Add(new(field, value));
    }

    private static Dictionary<int, Column> MapHeaders(SheetSchema sheet, string[] headers, PortfolioFile file)
    {
        var map = new Dictionary<int, Column>();
        for (var i = 0; i < headers.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(headers[i])) continue;
            if (sheet.ColumnFor(headers[i]) is { } column)
            {
                if (map.Values.Contains(column))
                    file.FormatErrors.Add(new ImportError(sheet.Name, 1, headers[i], "colonne en double"));
                else map[i] = column;
            }
            else file.FormatErrors.Add(new ImportError(sheet.Name, 1, headers[i],
                $"colonne inconnue ; colonnes attendues : {string.Join(", ", sheet.Columns.Select(c => c.Header))}"));
        }
        return map;
    }

    private static string? CellText(object? value, Column column) => value switch
    {
        null => null,
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        // A date typed as a bare number is Excel's day count.
        double n when column.Kind == CellKind.Date && n is > 1 and < 2_958_465 => DateTime.FromOADate(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double n => n.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "oui" : "non",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim(),
    };

    public static void Write(PortfolioFile file, Stream output, PortfolioFormat format)
    {
        if (format == PortfolioFormat.Xlsx)
        {
            var sheets = PortfolioSchema.Sheets.ToDictionary(s => s.Name, s => (object)Table(s, file.RowsOf(s)));
            MiniExcel.SaveAs(output, sheets, printHeader: true, excelType: ExcelType.XLSX);
            return;
        }
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var sheet in PortfolioSchema.Sheets)
        {
            using var entry = zip.CreateEntry($"{sheet.Name}.csv").Open();
            using var csv = CsvFiles.Writer(entry);
            csv.WriteRecord(sheet.Columns.Select(c => c.Header).ToArray());
            foreach (var row in file.RowsOf(sheet))
                csv.WriteRecord(sheet.Columns.Select(c => Cell(row[c.Field], c)).ToArray());
        }
    }

    // Numbers are the events' own (an amount, a count of jobs): only text can be a formula.
    private static string Cell(string? value, Column column) =>
        column.Kind == CellKind.Number ? value ?? "" : CsvFiles.Text(value);

    private static List<Dictionary<string, object>> Table(SheetSchema sheet, IEnumerable<PortfolioRow> rows)
    {
        var table = rows.Select(r => sheet.Columns.ToDictionary(c => c.Header, c => (object)(r[c.Field] ?? ""))).ToList();
        // An empty sheet still carries its headers.
        if (table.Count == 0) table.Add(sheet.Columns.ToDictionary(c => c.Header, _ => (object)""));
        return table;
    }
}
