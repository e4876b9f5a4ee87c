using System.Globalization;
using System.Text;

namespace EctLifecycle.Analytics;

/// <summary>
/// One observation of a long, tidy table: what (a project's key or a cohort), when, which measure, its value; and, for an
/// answer whose words <see cref="TidyLabels"/> does not know (one in a folder of its own), its French label; for a measure of
/// what projects produce, its unit as staff wrote it (« MWh »), where the measure names it as compared (« mwh »): two
/// projects' rows of one measure may spell it differently in their label, so a table is grouped by its measure.
/// </summary>
public sealed record TidyRow(string Subject, DateOnly? Date, string Measure, object? Value, string? Label = null, string? UnitShown = null);

/// <summary>An answer that flattens into tidy rows, which R and pandas read as they are.</summary>
public interface ITidy
{
    IEnumerable<TidyRow> Tidy();
}

/// <summary>Tidy rows as CSV, through <see cref="CsvFiles"/>: text cells that look like formulas are neutralised, numbers are not.</summary>
public static class TidyCsv
{
    /// <summary>A CSV file (downloads, <c>--out</c> files): UTF-8 with a byte order mark; with a French <c>libelle</c> column when <paramref name="labels"/> are given.</summary>
    public static byte[] File(IEnumerable<TidyRow> rows, TidyLabels? labels = null) => Write(rows, labels, byteOrderMark: true);

    /// <summary>CSV printed on the standard output, read by a pipe or a terminal: no byte order mark.</summary>
    public static string Text(IEnumerable<TidyRow> rows, TidyLabels? labels = null) => Encoding.UTF8.GetString(Write(rows, labels, byteOrderMark: false));

    // The four first columns are the API's values, as R and pandas read them; the label, last, is for a person.
    private static byte[] Write(IEnumerable<TidyRow> rows, TidyLabels? labels, bool byteOrderMark)
    {
        var buffer = new MemoryStream();
        using (var csv = CsvFiles.Writer(buffer, "\n", byteOrderMark))
        {
            csv.WriteRecord(labels is null ? Header : [.. Header, "libelle"]);
            foreach (var r in rows)
            {
                string[] cells = [CsvFiles.Text(r.Subject), r.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                    CsvFiles.Text(r.Measure), Format(r.Value)];
                csv.WriteRecord(labels is null ? cells : [.. cells, CsvFiles.Text(labels.Of(r))]);
            }
        }
        return buffer.ToArray();
    }

    private static readonly string[] Header = ["subject", "date", "measure", "value"];

    private static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "1" : "0",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => CsvFiles.Text(value.ToString()),
    };
}
