using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio;

public enum CellKind { Text, Date, Bool, Number, List, Enum, MilestoneType }

/// <summary>
/// A column of the portfolio file: the API's field name, its French header, how its text is read. A list column with
/// an enum type holds that list's French labels (wire names are read too). <c>Aliases</c> are other headers read as it.
/// </summary>
public sealed record Column(string Field, string Header, CellKind Kind, Type? EnumType = null, string[]? Aliases = null)
{
    public bool IsNamed(string header) =>
        string.Equals(Header, header, StringComparison.OrdinalIgnoreCase) || string.Equals(Field, header, StringComparison.OrdinalIgnoreCase)
        || (Aliases?.Any(a => string.Equals(a, header, StringComparison.OrdinalIgnoreCase)) ?? false);
}

public sealed record SheetSchema(string Name, string FrenchName, IReadOnlyList<Column> Columns)
{
    public bool Matches(string name) =>
        string.Equals(name.Trim(), Name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name.Trim(), FrenchName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The column a header names, in French or by its English field name.</summary>
    public Column? ColumnFor(string header) => Columns.FirstOrDefault(c => c.IsNamed(header.Trim()));

    // Looked up for every cell of an imported file: the first column of a field, as the list search found it.
    private readonly Dictionary<string, Column> _byField = Columns.DistinctBy(c => c.Field).ToDictionary(c => c.Field);

    public Column? ColumnOfField(string field) => _byField.GetValueOrDefault(field);
}

/// <summary>
/// The hub's spreadsheet: three sheets (projects, milestones, assessments), French headers, English field
/// names accepted. The milestone sheet holds the union of every milestone type's columns.
/// </summary>
public static class PortfolioSchema
{
    /// <summary>
    /// Where a fact came from, kept as its <see cref="IProjectEvent.Source"/> and never as who logged it (the signed-in user
    /// who imports it): a file's « saisi par » column, as older exports and the hub's own sheets name it, is read as it.
    /// </summary>
    public static readonly Column SourceColumn = new("source", "source", CellKind.Text, Aliases: ["saisi par", "loggedBy"]);

    public static readonly SheetSchema Projects = new("projects", "projets",
    [
        new("key", "clé", CellKind.Text),
        new("name", "nom", CellKind.Text),
        new("sector", "secteur", CellKind.Text),
        new("commune", "commune", CellKind.Text),
        new("summary", "résumé", CellKind.Text),
        new("occurredOn", "date d'émergence", CellKind.Date),
        new("emergenceContext", "cadre d'émergence", CellKind.Enum, typeof(EmergenceContext)),
        new("hubRole", "rôle du pôle", CellKind.Enum, typeof(HubRole)),
        new("inspiredElsewhere", "inspiré d'un autre territoire", CellKind.Bool),
        SourceColumn,
    ]);

    public static readonly SheetSchema Milestones = new("milestones", "jalons",
    [
        new("projectKey", "clé projet", CellKind.Text),
        new("occurredOn", "date", CellKind.Date),
        new("type", "type", CellKind.MilestoneType),
        .. MilestoneColumns(),
        SourceColumn,
    ]);

    public static readonly SheetSchema Assessments = new("assessments", "évaluations",
    [
        new("projectKey", "clé projet", CellKind.Text),
        new("occurredOn", "date", CellKind.Date),
        new("gridVersion", "grille", CellKind.Text),
        new("criterionId", "critère", CellKind.Text),
        new("points", "points", CellKind.Number),
        new("rationale", "justification", CellKind.Text),
        SourceColumn,
    ]);

    /// <summary>
    /// The columns of the milestone kinds' fields, each field once, in the kinds' order (<c>Projects/Milestones</c>).
    /// A field several kinds share (a reason, a note) is one column: they must name and enter it alike.
    /// </summary>
    private static IEnumerable<Column> MilestoneColumns()
    {
        var columns = new Dictionary<string, Column>();
        foreach (var field in MilestoneKinds.All.Where(k => k.InMilestoneSheet).SelectMany(k => k.Fields))
        {
            var column = new Column(field.Name, field.Header, field.Entry switch
            {
                Entry.Date => CellKind.Date,
                Entry.YesNo or Entry.Check => CellKind.Bool,
                Entry.Number => CellKind.Number,
                Entry.Choice => CellKind.Enum,
                Entry.Choices => CellKind.List,
                _ => CellKind.Text,
            }, field.Choices);
            if (!columns.TryAdd(field.Name, column) && columns[field.Name] != column)
                throw new InvalidOperationException($"the field {field.Name} is written twice differently: {columns[field.Name]} and {column}");
        }
        return columns.Values;
    }

    public static readonly IReadOnlyList<SheetSchema> Sheets = [Projects, Milestones, Assessments];

    /// <summary>Separates the items of a list cell (the reasons of a stop).</summary>
    public const char ListSeparator = ';';
}

/// <summary>One data row of a sheet: its row number in the file (headers are row 1) and its cells by field.</summary>
public sealed record PortfolioRow(int Number, IReadOnlyDictionary<string, string> Cells)
{
    /// <summary>A row read from a file, its cells kept compact (see <see cref="Cells"/>).</summary>
    public PortfolioRow(int number, List<KeyValuePair<string, string>> cells) : this(number, new CellMap(cells.ToArray())) { }

    public string? this[string field] => Cells.TryGetValue(field, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}

/// <summary>A portfolio file's content, whatever its format (XLSX, CSV folder or zip).</summary>
public sealed class PortfolioFile
{
    /// <summary>The name of the file (or folder) read, as the journal records the import; without a path.</summary>
    public string? Name { get; set; }

    public List<PortfolioRow> Projects { get; } = [];
    public List<PortfolioRow> Milestones { get; } = [];
    public List<PortfolioRow> Assessments { get; } = [];

    /// <summary>Problems found while reading the file itself (a missing sheet, an unknown header).</summary>
    public List<ImportError> FormatErrors { get; } = [];

    public List<PortfolioRow> RowsOf(SheetSchema sheet) =>
        sheet == PortfolioSchema.Projects ? Projects : sheet == PortfolioSchema.Milestones ? Milestones : Assessments;

    public int RowCount => Projects.Count + Milestones.Count + Assessments.Count;
}

/// <summary>An error in a file, located as staff see it: sheet, row, column, and a French message.</summary>
public sealed record ImportError(string Sheet, int Row, string? Column, string Message)
{
    /// <summary>The « sheet » of an error about the file as a whole (refused, unreadable, written meanwhile).</summary>
    public const string WholeFile = "fichier";

    public override string ToString() =>
        $"{Sheet}{(Row > 0 ? $", ligne {Row}" : "")}{(Column is null ? "" : $", colonne « {Column} »")} : {Message}";
}

/// <summary>
/// A row's few cells as a small array searched in order: a file of hundreds of thousands of rows is held whole while
/// it is checked, and a dictionary per row cost several times the memory of its cells.
/// </summary>
public sealed class CellMap(KeyValuePair<string, string>[] cells) : IReadOnlyDictionary<string, string>
{
    public int Count => cells.Length;
    public KeyValuePair<string, string> this[int index] => cells[index];

    /// <summary>Whether a cell after <paramref name="index"/> is for the same field (the last one counts).</summary>
    public bool Later(int index, string field)
    {
        for (var i = index + 1; i < cells.Length; i++)
            if (cells[i].Key == field) return true;
        return false;
    }

    public IEnumerable<string> Keys => cells.Select(c => c.Key);
    public IEnumerable<string> Values => cells.Select(c => c.Value);
    public string this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value)
    {
        foreach (var c in cells)
            if (c.Key == key) { value = c.Value; return true; }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)cells).GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => cells.GetEnumerator();
}

/// <summary>
/// One copy of each short cell text while a file is read (dates, types, labels, names repeat across rows): the copy
/// read for a cell is dropped at once and the row keeps the shared one.
/// </summary>
public sealed class CellTexts
{
    private const int ShortText = 40;
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    public string Shared(string text)
    {
        if (text.Length > ShortText) return text;
        if (_texts.TryGetValue(text, out var kept)) return kept;
        if (_texts.Count < 1_000_000) _texts[text] = text;
        return text;
    }
}
