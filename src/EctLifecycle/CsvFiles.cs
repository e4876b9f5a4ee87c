using System.Buffers;
using CsvHelper;

namespace EctLifecycle;

/// <summary>
/// The one way the app writes CSV files (the portfolio export, analytics, durability reports) and reads their text
/// cells back. Files are UTF-8 with a byte order mark, so that Excel reads the accents right. A text cell that a
/// spreadsheet would run as a formula (OWASP: one starting with <c>= + - @</c>, tab or carriage return) is written behind
/// a single quote, which LibreOffice and Excel read as "this is text"; numbers and dates are written as they are.
/// </summary>
public static class CsvFiles
{
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    /// <summary>A writer of UTF-8 with a byte order mark (unless the output is not a file: a terminal or a pipe).</summary>
    public static CsvWriter Writer(Stream output, string newLine = "\r\n", bool byteOrderMark = true) =>
        CsvWriter.Create(output, new CsvWriterOptions { NewLine = newLine, WriteByteOrderMark = byteOrderMark }, leaveOpen: true);

    /// <summary>
    /// A text as a cell: one that starts like a formula gets a quote in front. So does one that starts with quotes before
    /// such a character (<c>'=x</c>), so that <see cref="Restore"/> gives every text back exactly.
    /// </summary>
    public static string Text(string? text) =>
        string.IsNullOrEmpty(text) ? "" : LooksLikeFormula(text.AsSpan().TrimStart('\'')) ? "'" + text : text;

    /// <summary>A cell read from a CSV file: the quote <see cref="Text"/> put in front of a formula-like text is taken off.</summary>
    public static string Restore(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && LooksLikeFormula(cell.AsSpan().TrimStart('\'')) ? cell[1..] : cell;

    private static bool LooksLikeFormula(ReadOnlySpan<char> text) => text.Length > 0 && FormulaStarts.Contains(text[0]);
}
