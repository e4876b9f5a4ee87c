using System.Globalization;
using System.Text;
using CsvHelper;

namespace EctLifecycle.Analytics;

/// <summary>One observation of a long, tidy table: what (a project's key or a cohort), when, which measure, its value.</summary>
public sealed record TidyRow(string Subject, DateOnly? Date, string Measure, object? Value);

/// <summary>An answer that flattens into tidy rows, which R and pandas read as they are.</summary>
public interface ITidy
{
    IEnumerable<TidyRow> Tidy();
}

public static class TidyCsv
{
    public static string Write(IEnumerable<TidyRow> rows)
    {
        var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true))
        {
            csv.WriteRecord(["subject", "date", "measure", "value"]);
            foreach (var r in rows)
                csv.WriteRecord([r.Subject, r.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", r.Measure, Format(r.Value)]);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "1" : "0",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
