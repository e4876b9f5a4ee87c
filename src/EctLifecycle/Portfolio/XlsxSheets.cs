using System.Globalization;
using MiniExcelLibs;

namespace EctLifecycle.Portfolio;

/// <summary>The portfolio's sheets as an XLSX workbook, read and written with MiniExcel; every cell written is a string.</summary>
public static class XlsxSheets
{
    /// <summary>Reads a workbook whose zip <see cref="ZipGuard"/> measured; one MiniExcel cannot read is refused as a whole.</summary>
    internal static PortfolioFile Read(Stream stream, string fileName)
    {
        try { return ReadSheets(stream); }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException or PortfolioFileException))
        {
            // MiniExcel fails on a damaged workbook in many ways (XML, zip, its own checks): to staff, all say the same.
            throw new PortfolioFileException($"« {fileName} » n'est pas un classeur XLSX lisible (abîmé, tronqué ou d'un autre format) : " +
                "rien n'a été importé ; enregistrez-le à nouveau depuis votre tableur");
        }
    }

    private static PortfolioFile ReadSheets(Stream stream)
    {
        var file = new PortfolioFile();
        var names = MiniExcel.GetSheetNames(stream);
        foreach (var sheet in PortfolioSchema.Sheets)
        {
            var name = names.FirstOrDefault(sheet.Matches);
            if (name is null) { PortfolioFormats.MissingSheet(file, sheet); continue; }
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
                    var byIndex = PortfolioFormats.MapHeaders(sheet, headers.Select(h => h.Header).ToArray(), file);
                    columns = byIndex.ToDictionary(c => headers[c.Key].Key, c => c.Value);
                    continue;
                }
                cells.Clear();
                foreach (var (letter, column) in columns)
                    if (row.TryGetValue(letter, out var value) && CellText(value, column) is { Length: > 0 } t)
                        PortfolioFormats.Set(cells, column.Field, texts.Shared(t));
                if (cells.Count > 0) file.RowsOf(sheet).Add(new PortfolioRow(rowNumber, cells));
            }
        }
        return file;
    }

    private static string? CellText(object? value, Column column) => value switch
    {
        null => null,
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        // A date typed as a bare number is Excel's day count.
        double n when column.Kind == CellKind.Date && n is > 1 and < 2_958_465 => DateTime.FromOADate(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double n => n.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "oui" : "non",
        // A CSV export opened and saved again as a workbook keeps the quote put in front of formula-like texts.
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() is { } text ? CsvFiles.Restore(text) : null,
    };

    internal static void Write(PortfolioFile file, Stream output) =>
        Write(PortfolioSchema.Sheets.ToDictionary(s => s, s => file.RowsOf(s).Select(r => (IReadOnlyList<string>)s.Columns.Select(c => Cell(r, c)).ToArray())), output);

    /// <summary>
    /// Each sheet's rows, each a cell per column (<see cref="Cell"/>), written as MiniExcel reads them, one row at a time:
    /// an enumeration read lazily from a file is written without being held.
    /// </summary>
    internal static void Write(IReadOnlyDictionary<SheetSchema, IEnumerable<IReadOnlyList<string>>> rows, Stream output)
    {
        var sheets = PortfolioSchema.Sheets.ToDictionary(s => s.Name, s => (object)Table(s, rows[s]));
        MiniExcel.SaveAs(output, sheets, printHeader: true, excelType: ExcelType.XLSX);
    }

    /// <summary>A row's cell in a column of the workbook: its text, or empty.</summary>
    internal static string Cell(PortfolioRow row, Column column) => row[column.Field] ?? "";

    private static IEnumerable<Dictionary<string, object>> Table(SheetSchema sheet, IEnumerable<IReadOnlyList<string>> rows)
    {
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            var cells = new Dictionary<string, object>(sheet.Columns.Count);
            for (var c = 0; c < sheet.Columns.Count; c++) cells[sheet.Columns[c].Header] = row[c];
            yield return cells;
        }
        // An empty sheet still carries its headers.
        if (!any) yield return sheet.Columns.ToDictionary(c => c.Header, _ => (object)"");
    }
}
