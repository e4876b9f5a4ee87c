using System.Globalization;
using ScottPlot;

namespace EctLifecycle.Durability;

/// <summary>
/// A report laid out once as blocks, then written as HTML (and PDF from it) or Markdown: the two formats always say
/// the same thing.
/// </summary>
public sealed record ReportDocument(string Title, string Subtitle, IReadOnlyList<Block> Blocks);

public abstract record Block;

public sealed record Heading(string Text, int Level = 2) : Block;

public sealed record Paragraph(string Text) : Block;

/// <summary>Key figures, shown as label and value.</summary>
public sealed record KeyFigures(IReadOnlyList<(string Label, string Value)> Items) : Block;

public sealed record Table(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, string? Empty = null) : Block;

public sealed record Bullets(IReadOnlyList<string> Items) : Block;

/// <summary>A chart; Markdown, which cannot inline it, says where to see it (the tables carry its figures).</summary>
public sealed record Figure(Func<Plot> Draw, string Caption) : Block;

/// <summary>
/// A picture drawn beforehand as SVG (the network, by Graphviz), or, when it could not be, why not: HTML shows one or the
/// other; Markdown says where to see it, or why there is none.
/// </summary>
public sealed record Drawing(string? Svg, string? Problem, string Caption) : Block;

/// <summary>French wording of dates, numbers and yes/no, shared by the reports.</summary>
public static class Fr
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    public static string Date(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? d) => d is { } x ? Date(x) : "—";

    public static string Years(double? years) => years is { } y ? $"{y.ToString("0.0", Culture)} an{(Math.Abs(y) >= 2 ? "s" : "")}" : "—";

    public static string Number(double d, string format = "0.00") => d.ToString(format, Culture);

    // With its cents when it has some (« 15 000,50 € »), never rounded to the euro.
    public static string Euros(decimal amount) => amount.ToString(decimal.Truncate(amount) == amount ? "#,0" : "#,0.00", Culture) + " €";

    public static string Pct(double share) => (share * 100).ToString("0", Culture) + " %";

    public static string YesNo(bool? b) => b switch { true => "oui", false => "non", null => "non observé" };

    public static string Or(string? text, string fallback = "—") => string.IsNullOrWhiteSpace(text) ? fallback : text;

    public static IReadOnlyList<string> Row(params string[] cells) => cells;
}
