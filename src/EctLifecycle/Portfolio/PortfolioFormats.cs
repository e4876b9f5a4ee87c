namespace EctLifecycle.Portfolio;

public enum PortfolioFormat { Xlsx, CsvZip }

/// <summary>
/// Reads and writes the portfolio file: an XLSX workbook (<see cref="XlsxSheets"/>) or the same three sheets as CSV files
/// (<see cref="CsvSheets"/>) in a folder or a zip. Headers are matched to columns; cells are kept as text. A zip is
/// measured by <see cref="ZipGuard"/> before anything is parsed; a file refused as a whole is one error, « fichier ».
/// </summary>
public static class PortfolioFormats
{
    public static PortfolioFormat FormatOfName(string fileName) =>
        fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? PortfolioFormat.CsvZip : PortfolioFormat.Xlsx;

    /// <summary>Reads a file or a folder of CSV files.</summary>
    public static PortfolioFile ReadPath(string path, PortfolioReading? reading = null)
    {
        reading ??= PortfolioReading.Default;
        if (Directory.Exists(path)) return Named(Refusing(() => CsvSheets.ReadFolder(path, reading.CsvEncoding)), Path.TrimEndingDirectorySeparator(path));
        if (!File.Exists(path)) throw new FileNotFoundException($"fichier introuvable : {path}", path);
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path), reading);
    }

    /// <summary>Reads an XLSX workbook or a zip of CSV files, told apart by their content.</summary>
    public static PortfolioFile Read(Stream stream, string fileName, PortfolioReading? reading = null)
    {
        reading ??= PortfolioReading.Default;
        // The zip reader needs to seek: an upload is already a file on disk (the form reader's buffer), a file is one.
        using var copy = stream.CanSeek ? null : TemporaryCopy(stream);
        var file = copy ?? stream;
        return Named(Refusing(() =>
        {
            using var zip = ZipGuard.Open(file, fileName, reading.Limits);
            if (zip.GetEntry("xl/workbook.xml") is null) return CsvSheets.ReadZip(zip, reading.CsvEncoding);
            file.Position = 0;
            return XlsxSheets.Read(file, fileName);
        }), fileName);
    }

    /// <summary>
    /// The file's own name, without its folders, on one line of at most 200 characters: a browser sends what its user
    /// named the file, control characters included (which PostgreSQL's jsonb cannot all store).
    /// </summary>
    private static PortfolioFile Named(PortfolioFile file, string name)
    {
        var own = Path.GetFileName(name.Replace('\\', '/'));
        var clean = new string(own.Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).ToArray()).Trim();
        file.Name = clean.Length > 200 ? clean[..200] : clean;
        return file;
    }

    public static void Write(PortfolioFile file, Stream output, PortfolioFormat format)
    {
        if (format == PortfolioFormat.Xlsx) XlsxSheets.Write(file, output);
        else CsvSheets.WriteZip(file, output);
    }

    private static PortfolioFile Refusing(Func<PortfolioFile> read)
    {
        try { return read(); }
        catch (PortfolioFileException refused)
        {
            var file = new PortfolioFile();
            file.FormatErrors.Add(new ImportError(ImportError.WholeFile, 0, null, refused.Message));
            return file;
        }
    }

    private static FileStream TemporaryCopy(Stream stream)
    {
        var copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        stream.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    internal static void MissingSheet(PortfolioFile file, SheetSchema sheet)
    {
        // Only the projects sheet is required: a file may add milestones to projects already imported.
        if (sheet == PortfolioSchema.Projects)
            file.FormatErrors.Add(new ImportError(sheet.Name, 0, null, $"feuille « {sheet.Name} » (ou « {sheet.FrenchName} ») introuvable"));
    }

    /// <summary>A cell by its field; a second column for the same field wins, as it did when rows were dictionaries.</summary>
    internal static void Set(List<KeyValuePair<string, string>> cells, string field, string value)
    {
        for (var i = 0; i < cells.Count; i++)
            if (cells[i].Key == field)
            {
                cells[i] = new(field, value);
                return;
            }
        cells.Add(new(field, value));
    }

    internal static Dictionary<int, Column> MapHeaders(SheetSchema sheet, string[] headers, PortfolioFile file)
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
}
